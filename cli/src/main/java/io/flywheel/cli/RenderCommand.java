package io.flywheel.cli;

import picocli.CommandLine.Command;

@Command(
        name = "render",
        description = {
            "Render one video from a parameters file, without Kafka: `render --params FILE --out"
                    + " DIR [--preview]` (example: docs/examples/render-params.json); `render"
                    + " --help` lists the options.",
            "Runs the render pipeline of the render workers, with a progress bar per stage."
        })
final class RenderCommand extends ModuleToolCommand {
    RenderCommand() {
        super("render-workers", "io.flywheel.render.RenderMain");
    }
}
