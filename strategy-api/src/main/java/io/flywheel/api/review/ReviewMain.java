package io.flywheel.api.review;

import io.flywheel.api.DatabaseTool;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.Platform;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewPolicy;
import io.flywheel.store.ReviewQueue;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flywheel review policy [CHANNEL [publish_at_once|wait_for_approval]]} shows or sets the
 * channels' review policies; {@code flywheel review list [--state pending]} lists the review queue.
 * Decisions are made in the dashboard or the API, where the deciding key is known. A wrong argument
 * prints the usage and exits 2.
 */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "The review queue: channel policies and the videos waiting for approval.",
        subcommands = {ReviewMain.Policy.class, ReviewMain.List.class})
public final class ReviewMain extends DatabaseTool {
    private ReviewMain(FlywheelConfig config, PrintStream out, PrintStream err) {
        super(config, out, err, "review");
    }

    public static void main(String[] args) {
        System.exit(run(args, ConfigLoader.fromEnvironment(Map.of()), System.out, System.err));
    }

    public static int run(String[] args, FlywheelConfig config, PrintStream out, PrintStream err) {
        return execute(new ReviewMain(config, out, err), args);
    }

    @Command(
            name = "policy",
            mixinStandardHelpOptions = true,
            description = "Show every channel's policy, or set one channel's.")
    static final class Policy implements Callable<Integer> {
        @ParentCommand ReviewMain review;

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "CHANNEL",
                description = "YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS")
        String channel;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "POLICY",
                description = "publish_at_once or wait_for_approval")
        String policy;

        @Override
        public Integer call() {
            if (channel != null
                    && (channel.equals("UNKNOWN")
                            || java.util.Arrays.stream(Platform.values())
                                    .noneMatch(p -> p.name().equals(channel)))) {
                review.err.println("CHANNEL must be YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS");
                return 2;
            }
            ReviewPolicy wanted = null;
            if (policy != null) {
                try {
                    wanted = ReviewPolicy.parse(policy);
                } catch (IllegalArgumentException e) {
                    review.err.println(e.getMessage());
                    return 2;
                }
            }
            ReviewPolicy set = wanted;
            return review.withDatabase(
                    jdbi -> {
                        ReviewPolicies policies = new ReviewPolicies(jdbi);
                        if (set != null) {
                            policies.set(channel, set, "cli");
                        }
                        for (Platform p : Platform.values()) {
                            if (p != Platform.UNKNOWN
                                    && (channel == null || channel.equals(p.name()))) {
                                review.out.println(p.name() + "\t" + policies.of(p.name()).wire());
                            }
                        }
                        return 0;
                    });
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the review queue, oldest first.")
    static final class List implements Callable<Integer> {
        @ParentCommand ReviewMain review;

        @Option(
                names = "--state",
                defaultValue = "pending",
                paramLabel = "pending|approved|rejected",
                description = "Which items (default pending).")
        String state;

        @Override
        public Integer call() {
            if (!java.util.List.of(ReviewItem.PENDING, ReviewItem.APPROVED, ReviewItem.REJECTED)
                    .contains(state)) {
                review.err.println("--state must be pending, approved or rejected");
                return 2;
            }
            return review.withDatabase(
                    jdbi -> {
                        var items = new ReviewQueue(jdbi).list(state, null, null, 1000);
                        for (ReviewItem i : items) {
                            review.out.println(
                                    String.join(
                                            "\t",
                                            i.videoId().toString(),
                                            i.channel(),
                                            i.reason(),
                                            String.valueOf(i.reasonDetail()),
                                            i.createdAt().toString(),
                                            i.title()));
                        }
                        review.err.println(items.size() + " " + state);
                        return 0;
                    });
        }
    }
}
