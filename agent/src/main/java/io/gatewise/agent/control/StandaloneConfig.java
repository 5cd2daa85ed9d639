package io.gatewise.agent.control;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigApplier;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.proto.v1.GatewayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Standalone mode ({@code gatewise-agent run --config FILE}): the config comes from a
 * local file instead of the server. The file is the protobuf JSON form of
 * {@code gatewise.v1.GatewayConfig} (field names in lowerCamelCase or as in the .proto,
 * enums by name), so a hand-written file and a pushed config go through the same
 * mapper and validator. Unknown fields are errors: a misspelt field must not be
 * silently ignored.
 */
public final class StandaloneConfig {
    private StandaloneConfig() {
    }

    /** Reads the file into the wire form; throws with a plain-words reason. */
    public static GatewayConfig read(Path file) throws ConfigRejectedException {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigRejectedException("cannot read " + file + ": " + Failures.describe(e));
        }
        GatewayConfig.Builder builder = GatewayConfig.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new ConfigRejectedException(file + " is not a valid GatewayConfig JSON document: " + e.getMessage());
        }
        return builder.build();
    }

    /** Reads, maps and validates the file. */
    public static AgentConfig load(Path file) throws ConfigRejectedException {
        return ConfigMapper.toValidDomain(read(file));
    }

    /** Reads, validates and applies the file, as {@code run --config} does. */
    public static AgentConfig apply(Path file, ConfigApplier applier) throws ConfigRejectedException {
        return new Reconciler(applier, Optional.empty(), "").applyStandalone(read(file));
    }

    /** The JSON form of a config, as standalone mode reads it (for tools and tests). */
    public static String toJson(GatewayConfig config) {
        try {
            return JsonFormat.printer().print(config);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
