package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** An event, Docker's {@code /events} shape: type container|image|plugin, action create|start|die|…, an actor. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EngineEvent(
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    }
}
