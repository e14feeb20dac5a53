package io.isula.core.internal.volume;

import io.isula.core.api.MountPoint;

import java.util.List;

/** A user mount ready for the OCI spec ({@code destination}, {@code type}, {@code source}, {@code options}) and for inspect. */
public record PlannedMount(String destination, String type, String source, List<String> options, MountPoint point) {
}
