package io.flywheel.api.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code flywheel keys} with wrong or missing arguments: the usage and exit 2, before any database
 * is opened (so no configuration is given here). Creating, listing and revoking are in ApiMainTest.
 */
class KeysMainUsageTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeysMain.run(
                args,
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingScopeNamesTheOptionAndPrintsTheUsage() {
        assertThat(run("create", "--name", "ci")).isEqualTo(2);
        assertThat(err())
                .contains("Missing required option: '--scope=read|write|admin|webhooks|review'")
                .contains("Usage: keys create");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueIsAnErrorNotACrash() {
        assertThat(run("create", "--scope")).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter for option '--scope'");
    }

    @Test
    void helpListsEverySubcommandAndNothingRuns() {
        assertThat(run("--help")).isZero();
        assertThat(err()).contains("create").contains("list").contains("revoke");
        assertThat(run("create", "--help")).isZero();
        assertThat(err())
                .contains("--scope=read|write|admin|webhooks|review")
                .contains("--name=TEXT");
    }

    @Test
    void noSubcommandOrAnUnknownOneIsAnError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("Usage: keys");
        assertThat(run("rotate")).isEqualTo(2);
        assertThat(err()).contains("Unmatched argument at index 0: 'rotate'");
    }
}
