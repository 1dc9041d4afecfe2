package io.canarykit.admin.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.admin.audit.CanonicalJson;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import io.canarykit.schema.codec.JsonCodec;
import java.util.TreeMap;

/**
 * A command as JSON, the way it travels on {@code kit.control} and is written in the audit log: each
 * argument as text, except a {@code rollout_start}'s plan, which stays a JSON object (the job reads
 * {@code args.plan} as one; {@link ControlCommand} keeps it as its JSON text).
 */
public final class ControlArgs {

    /** The argument of {@code rollout_start} that carries the plan. */
    public static final String PLAN = "plan";

    private ControlArgs() {}

    /** The command's arguments, by name. */
    public static ObjectNode json(ControlCommand command) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(command.args()).forEach((name, text) -> args.set(name, nested(command, name)
                ? CanonicalJson.read(text) : JsonNodeFactory.instance.textNode(text)));
        return args;
    }

    /** The whole command, {@code {"id", "ts", "actor", "type", "args"}}, as UTF-8 JSON. */
    public static byte[] wire(ControlCommand command) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", command.id());
        json.put("ts", command.ts());
        json.put("actor", command.actor());
        json.put("type", command.type().wire());
        json.set("args", json(command));
        return JsonCodec.encode(json);
    }

    private static boolean nested(ControlCommand command, String name) {
        return command.type() == ControlType.ROLLOUT_START && PLAN.equals(name) && isObject(command.args().get(name));
    }

    private static boolean isObject(String text) {
        try {
            JsonNode node = CanonicalJson.read(text);
            return node != null && node.isObject();
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }
}
