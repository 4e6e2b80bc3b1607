package io.kubemon.agent.container;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PodMetadataConfig {
    /** Used where no Kubernetes API is configured: containers are named by id. */
    @Bean
    @ConditionalOnMissingBean(PodMetadata.class)
    PodMetadata noPodMetadata() {
        return (podUid, containerId) -> PodMetadata.Names.NONE;
    }
}
