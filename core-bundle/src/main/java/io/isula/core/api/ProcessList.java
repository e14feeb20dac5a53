package io.isula.core.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Docker's {@code GET /containers/{id}/top} answer: the ps columns and one row per process of the container. */
public record ProcessList(@JsonProperty("Titles") List<String> titles,
                          @JsonProperty("Processes") List<List<String>> processes) {
}
