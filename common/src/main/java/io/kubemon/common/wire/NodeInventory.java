package io.kubemon.common.wire;

/**
 * What a node is, as its agent reports it at registration: what a paper's testbed section
 * needs. Any field may be null where the agent could not tell.
 *
 * @param cpuModel      the processor's name, e.g. "AMD EPYC 7B13"
 * @param sockets       physical packages
 * @param cores         physical cores over all sockets
 * @param threads       logical processors
 * @param memoryBytes   physical memory
 * @param kernel        kernel release (uname -r)
 * @param os            the host's operating system (its os-release PRETTY_NAME)
 * @param containerRuntime        the runtime the agent talks to or finds (docker, containerd, cri-o)
 * @param containerRuntimeVersion its version, where the runtime tells
 * @param cgroupVersion "1", "2", or "1+2" (v1 controllers with the unified hierarchy beside them)
 * @param bootTime      when the node booted, ISO-8601
 */
public record NodeInventory(
        String cpuModel,
        Integer sockets,
        Integer cores,
        Integer threads,
        Long memoryBytes,
        String kernel,
        String os,
        String containerRuntime,
        String containerRuntimeVersion,
        String cgroupVersion,
        String bootTime) {}
