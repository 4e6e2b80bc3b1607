package io.kubemon.floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The agent's floor: the framework the agent runs on, started with the agent's JVM options and its
 * management endpoints, doing nothing. The agent's memory over this one is the agent's own.
 */
@SpringBootApplication
public class AgentFloor {
    public static void main(String[] args) {
        SpringApplication.run(AgentFloor.class, args);
    }
}
