package io.kubemon.collector;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfig {
    /** Injected rather than called statically so that tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
