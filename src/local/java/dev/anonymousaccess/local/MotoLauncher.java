package dev.anonymousaccess.local;

import java.util.ArrayList;
import java.util.List;

/**
 * How moto_server is started: {@code python3} running moto's own server, with two changes that make it behave as
 * DynamoDB does where this project depends on it.
 * <ul>
 * <li><b>One operation at a time.</b> moto applies concurrent conditional writes to one item non-atomically (20
 * concurrent conditional ADDs to one item let six pass a condition that admits five), where DynamoDB applies each
 * write atomically: races that the service wins on DynamoDB (sign-up limits, rotations, claims) could be lost
 * locally. Each DynamoDB operation here holds one lock.</li>
 * <li><b>A transaction backs up only the items it writes.</b> moto 5 deep-copies every table a
 * {@code TransactWriteItems} names before applying it, so that it can roll back. That copy grows with the table and
 * with every record of its stream, which moto keeps for ever, so a local stack's transactions (claims, merges,
 * erasures) slowed down with every write it had served: on a table with a stream and 3,000 items a two-item
 * transaction took 430 ms instead of 8, and a benchmark's claims reached the SDK's 5 s timeout. The backup here holds
 * what a transaction can change: the items it names (deep-copied) and how many records the stream had; the rest of
 * the table is shared, unchanged. A cancelled transaction still leaves the table and its stream as they were, and
 * the stream's readers go on reading: moto's own rollback puts a copy of the stream in place of the one their
 * iterators hold, so they saw the undone writes and never another record (the local stack's lifecycle events stopped
 * at the first cancelled transaction).</li>
 * </ul>
 * {@code MotoLauncherTest} holds each of these. Where this {@code python3} has no moto, or moto's internals are not
 * the ones this was written for, moto_server runs as it is; its log's first line says which ({@link #CHANGED} or
 * {@link #AS_IT_IS}).
 */
final class MotoLauncher {

    static final String CHANGED = "moto_server: one operation at a time; transactions back up only the items they"
            + " write";
    static final String AS_IT_IS = "moto_server: as it is";

    private static final String PYTHON = """
            import copy, os, sys, threading, types

            written = threading.local()

            def install():
                from moto.dynamodb.models import DynamoDBBackend
                from moto.dynamodb.models.dynamo_type import DynamoType
                from moto.dynamodb.models.table import Table
                original = DynamoDBBackend.transact_write_items
                for name in ("items", "stream_shard", "hash_key_attr"):
                    if name not in Table.__init__.__code__.co_names:
                        raise AttributeError("Table has no " + name)

                def transact_write_items(self, transact_items):
                    keys = {}
                    for item in transact_items:
                        for op_type, op in item.items():
                            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
                            key = (op.get("Item") if op_type == "Put" else op.get("Key")) if table else None
                            if key and table.hash_key_attr in key:
                                keys.setdefault(table.name, set()).add(DynamoType(key[table.hash_key_attr]))
                    shards = {name: (self.tables[name].stream_shard, len(self.tables[name].stream_shard.items))
                              for name in keys if self.tables[name].stream_shard is not None}
                    written.keys = keys
                    try:
                        return original(self, transact_items)
                    except Exception:
                        # Rolled back onto the backup, which shares the stream: the records of the writes undone go.
                        for name, (shard, length) in shards.items():
                            if self.tables[name].stream_shard is shard:
                                del shard.items[length:]
                                shard.table = self.tables[name]
                        raise
                    finally:
                        written.keys = None

                def deepcopy_table(table, memo):
                    keys = (getattr(written, "keys", None) or {}).get(table.name)
                    if keys is None:
                        whole = Table.__new__(Table)
                        memo[id(table)] = whole
                        for name, value in table.__dict__.items():
                            setattr(whole, name, copy.deepcopy(value, memo))
                        return whole
                    backup = copy.copy(table)
                    backup.items = copy.copy(table.items)
                    for hash_value in keys:
                        if hash_value in table.items:
                            backup.items[hash_value] = copy.deepcopy(table.items[hash_value])
                    return backup

                DynamoDBBackend.transact_write_items = transact_write_items
                Table.__deepcopy__ = deepcopy_table

                # One operation at a time, as DynamoDB applies each write to an item atomically.
                lock = threading.RLock()

                def atomic(method):
                    def call(self, *args, **kwargs):
                        with lock:
                            return method(self, *args, **kwargs)
                    return call

                for name, member in list(vars(DynamoDBBackend).items()):
                    if not name.startswith("_") and isinstance(member, types.FunctionType):
                        setattr(DynamoDBBackend, name, atomic(member))

            try:
                import moto.server
            except ImportError:
                try:
                    os.execvp("moto_server", ["moto_server"] + sys.argv[1:])
                except OSError:
                    sys.exit('moto_server: moto is not installed (pip install "moto[server]")')
            try:
                install()
                print("%s", file=sys.stderr, flush=True)
            except (ImportError, AttributeError) as e:
                print("%s (" + str(e) + ")", file=sys.stderr, flush=True)
            moto.server.main()
            """.formatted(CHANGED, AS_IT_IS);

    private MotoLauncher() {
    }

    /** The command that starts moto_server on {@code port} of loopback: {@code executable} as it is, if given. */
    static List<String> command(String executable, int port) {
        List<String> command = new ArrayList<>(executable == null ? List.of("python3", "-c", PYTHON)
                : List.of(executable));
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        return command;
    }
}
