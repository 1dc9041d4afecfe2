package io.canarykit.admin.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.schema.codec.JsonCodec;

/** The JSON mapper of the HTTP answers: records by their JSON names, non-finite numbers as null. */
public final class ApiJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(JsonCodec.numbersModule())
            .build();

    private ApiJson() {}

    /** A fresh JSON object to fill in. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
