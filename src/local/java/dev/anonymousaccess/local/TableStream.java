package dev.anonymousaccess.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The table's DynamoDB stream on moto_server, read as Lambda's event source mapping reads it: every shard from its
 * start, records in order, as the JSON the DynamoDB Streams API answers (which is what Lambda hands a function, plus
 * the stream's ARN).
 */
public final class TableStream {

    private static final String STREAMS = "DynamoDBStreams_20120810.";

    private final MotoApi moto;
    private final String streamArn;
    private final List<String> iterators = new ArrayList<>();

    private TableStream(MotoApi moto, String streamArn) {
        this.moto = moto;
        this.streamArn = streamArn;
    }

    /** The stream of {@code table}, read from its beginning. */
    public static TableStream of(String endpoint, String table) throws IOException {
        MotoApi moto = new MotoApi(endpoint);
        String arn = moto.call("dynamodb", "DynamoDB_20120810.DescribeTable", MotoApi.object().put("TableName", table))
                .path("Table").path("LatestStreamArn").asText(null);
        if (arn == null) {
            throw new IOException("table " + table + " has no stream");
        }
        TableStream stream = new TableStream(moto, arn);
        for (JsonNode shard : moto.call("dynamodb", STREAMS + "DescribeStream", MotoApi.object().put("StreamArn", arn))
                .path("StreamDescription").path("Shards")) {
            stream.iterators.add(moto.call("dynamodb", STREAMS + "GetShardIterator", MotoApi.object()
                    .put("StreamArn", arn).put("ShardId", shard.path("ShardId").asText())
                    .put("ShardIteratorType", "TRIM_HORIZON")).path("ShardIterator").asText());
        }
        return stream;
    }

    public String arn() {
        return streamArn;
    }

    /** The records written since the last read (at most {@code limit} per shard), each as Lambda delivers it. */
    public List<ObjectNode> next(int limit) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < iterators.size(); i++) {
            JsonNode answer = moto.call("dynamodb", STREAMS + "GetRecords", MotoApi.object()
                    .put("ShardIterator", iterators.get(i)).put("Limit", limit));
            for (JsonNode record : answer.path("Records")) {
                ObjectNode delivered = ((ObjectNode) record).deepCopy();
                delivered.put("eventSourceARN", streamArn);
                records.add(delivered);
            }
            iterators.set(i, answer.path("NextShardIterator").asText(iterators.get(i)));
        }
        return records;
    }
}
