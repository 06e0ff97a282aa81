package io.bloatscope.agent.core;

/** The agent's version as the jar's manifest states it, or "dev" when run from classes. */
final class AgentVersion {
    private AgentVersion() {
    }

    static String get() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
