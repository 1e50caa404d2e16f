package io.flywheel.cli.scheduler;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny real child process for the runner's failure cases (a Spark job takes far longer to start):
 * {@code FakeJob BEHAVIOUR JOB}, where BEHAVIOUR is {@code ok}, {@code fail}, {@code sleep:MS},
 * {@code fail-once:FILE} (fails until FILE exists, creating it) or {@code exclusive:FILE:MS} (exits
 * 9 if FILE exists, i.e. another instance runs; else holds it for MS).
 */
public final class FakeJob {
    public static void main(String[] args) throws Exception {
        String[] b = args[0].split(":", 3);
        String job = args[1];
        System.out.println("fake " + job + " starting");
        switch (b[0]) {
            case "ok" -> {}
            case "fail" -> {
                System.out.println("fake " + job + " broke");
                System.exit(3);
            }
            case "sleep" -> Thread.sleep(Long.parseLong(b[1]));
            case "fail-once" -> {
                Path marker = Path.of(b[1]);
                if (!Files.exists(marker)) {
                    Files.createFile(marker);
                    System.out.println("fake " + job + " failed this time");
                    System.exit(4);
                }
            }
            case "exclusive" -> {
                Path marker = Path.of(b[1]);
                try {
                    Files.createFile(marker);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    System.out.println("fake " + job + " overlaps another run");
                    System.exit(9);
                }
                Thread.sleep(Long.parseLong(b[2]));
                Files.delete(marker);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("fake " + job + " done");
    }
}
