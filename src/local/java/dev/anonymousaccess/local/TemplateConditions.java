package dev.anonymousaccess.local;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The template's {@code Conditions}, evaluated for given parameter values, as CloudFormation does: so that the local
 * API runs exactly the resources a deployment with those parameters would have. Jackson's YAML reader drops the short
 * forms' tags ({@code !Equals}, {@code !Not}, ...), which the conditions are made of, so they are read here with
 * SnakeYAML, each tag as its long form ({@code Fn::Equals}, {@code Ref}, {@code Condition}).
 */
final class TemplateConditions {

    private TemplateConditions() {
    }

    /** The names of the conditions that hold for {@code parameters}. */
    static Set<String> holding(String templateText, Map<String, String> parameters) {
        Map<?, ?> template = new Yaml(new ShortForms()).load(templateText);
        Map<?, ?> conditions = template.get("Conditions") instanceof Map<?, ?> found ? found : Map.of();
        Set<String> holding = new HashSet<>();
        for (Object name : conditions.keySet()) {
            if (holds(conditions.get(name), conditions, parameters)) {
                holding.add((String) name);
            }
        }
        return holding;
    }

    private static boolean holds(Object condition, Map<?, ?> conditions, Map<String, String> parameters) {
        if (!(condition instanceof Map<?, ?> function) || function.size() != 1) {
            throw new IllegalArgumentException("not a condition: " + condition);
        }
        Map.Entry<?, ?> only = function.entrySet().iterator().next();
        Object argument = only.getValue();
        return switch ((String) only.getKey()) {
            case "Fn::Equals" -> value(((List<?>) argument).get(0), parameters)
                    .equals(value(((List<?>) argument).get(1), parameters));
            case "Fn::Not" -> !holds(((List<?>) argument).get(0), conditions, parameters);
            case "Fn::And" -> ((List<?>) argument).stream().allMatch(c -> holds(c, conditions, parameters));
            case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(c -> holds(c, conditions, parameters));
            case "Condition" -> holds(conditions.get(argument), conditions, parameters);
            default -> throw new IllegalArgumentException("a condition function the local API does not evaluate: "
                    + only.getKey());
        };
    }

    private static String value(Object operand, Map<String, String> parameters) {
        if (operand instanceof Map<?, ?> function && function.get("Ref") instanceof String name) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("a condition refers to " + name + ", which is no parameter");
            }
            return parameters.get(name);
        }
        return String.valueOf(operand);
    }

    /** Reads {@code !Name x} as {@code {"Fn::Name": x}} ({@code !Ref} and {@code !Condition} keep their names). */
    private static final class ShortForms extends SafeConstructor {

        ShortForms() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(key, value);
                }
            });
        }
    }
}
