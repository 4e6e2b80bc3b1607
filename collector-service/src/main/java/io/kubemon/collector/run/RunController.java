package io.kubemon.collector.run;

import io.kubemon.common.wire.Paths;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class RunController {
    private final RunManager runs;

    public RunController(RunManager runs) {
        this.runs = runs;
    }

    @PostMapping(path = Paths.START, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus start(@RequestBody StartRequest request) {
        return runs.start(request);
    }

    /**
     * Ends sampling now; the run is then stopping until its agents have delivered what they
     * sampled. {@code wait=true} answers once it has finished (at most the drain timeout).
     */
    @PostMapping(path = Paths.STOP, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus stop(@RequestParam(name = "wait", defaultValue = "false") boolean wait) {
        RunStatus status = runs.stop();
        return wait && status.state().equals("stopping") ? runs.awaitFinished(status.runId()) : status;
    }

    @GetMapping(path = Paths.STATUS, produces = MediaType.APPLICATION_JSON_VALUE)
    public RunStatus status() {
        return runs.status();
    }
}
