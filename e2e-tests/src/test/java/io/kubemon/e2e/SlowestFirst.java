package io.kubemon.e2e;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The end-to-end classes run side by side (junit-platform.properties); the suite ends when its
 * last class does, so the longest start first and the short ones fill in around them. The list
 * is the slowest classes as `scripts/slowest-tests.sh` measured them (docs/testing.md); a class
 * not in it runs after them, in name order.
 */
public final class SlowestFirst implements ClassOrderer {
    static final List<String> SLOWEST = List.of(
            "StoreFaultStepsTest",
            "QuickStartTest",
            "AgentInContainerTest",
            "ComposeTest",
            "FaultToleranceTest",
            "StoreFailureTest",
            "StopDrainTest",
            "RunSurvivesCollectorTest",
            "ExportRunTest",
            "ChurnTest",
            "CompareExperimentTest",
            "CollectorGroupTest",
            "ExperimentTest",
            "RunsApiTest");

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparingInt(SlowestFirst::rank)
                        .thenComparing(d -> d.getTestClass().getSimpleName()));
    }

    private static int rank(ClassDescriptor d) {
        int i = SLOWEST.indexOf(d.getTestClass().getSimpleName());
        return i < 0 ? SLOWEST.size() : i;
    }
}
