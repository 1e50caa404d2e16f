package io.flywheel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Render one video from a parameters file, without Kafka: `render --params FILE --out"
                    + " DIR [--preview]` (example: docs/examples/render-params.json).",
            "Runs the render pipeline of the render workers, with a progress bar per stage."
        })
final class RenderCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    /** The render tool's own options, passed through in order. */
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ModuleTool.run(
                options.load(),
                options.file(),
                "render-workers",
                "io.flywheel.render.RenderMain",
                args);
    }
}
