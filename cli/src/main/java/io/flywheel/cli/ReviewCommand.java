package io.flywheel.cli;

import picocli.CommandLine.Command;

@Command(
        name = "review",
        description = {
            "The review queue: `review policy [CHANNEL [publish_at_once|wait_for_approval]]` shows"
                    + " or sets whether a channel's videos wait for approval; `review list [--state"
                    + " pending|approved|rejected]` lists the queue. Approve and reject in the"
                    + " dashboard (page 9) or the API (`/v1/review`, scope review).",
            "Runs the API module's own review tool."
        })
final class ReviewCommand extends ModuleToolCommand {
    ReviewCommand() {
        super("strategy-api", "io.flywheel.api.review.ReviewMain");
    }
}
