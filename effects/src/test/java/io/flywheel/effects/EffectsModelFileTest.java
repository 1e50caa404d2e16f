package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectsModelFileTest {
    private static final EffectsLayout LAYOUT =
            new EffectsLayout(
                    List.of("tiktok", "youtube"),
                    List.of("food", "tech"),
                    List.of("tiktok/food", "youtube/tech"),
                    EffectsLayoutTest.levels(new int[] {3, 2, 2, 2, 3, 2, 2, 2}));

    private static EffectsModel model(int meanLength) {
        Random r = new Random(11);
        double[] variances = new double[LAYOUT.groups()];
        for (int g = 0; g < variances.length; g++) {
            variances[g] = Math.exp(r.nextGaussian());
        }
        double[] mean = new double[meanLength];
        for (int i = 0; i < meanLength; i++) {
            mean[i] = r.nextGaussian() / 3;
        }
        mean[0] = 0.1 + 0.2; // not a short decimal
        mean[1] = 1e-300;
        mean[2] = -Double.MIN_VALUE;
        double[][] draws = new double[6][LAYOUT.size()];
        for (double[] d : draws) {
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextGaussian() * Math.PI;
            }
        }
        return new EffectsModel(LAYOUT, 6.123456789012345, 0.2517, 3000, variances, mean, draws);
    }

    @Test
    void roundTripKeepsEverythingExactly(@TempDir Path dir) throws IOException {
        EffectsModel m = model(LAYOUT.size());
        assertThat(EffectsModelFile.exists(dir)).isFalse();
        EffectsModelFile.write(dir, m);
        assertThat(EffectsModelFile.exists(dir)).isTrue();
        assertThat(dir.resolve(EffectsModelFile.FILE + ".tmp")).doesNotExist();
        EffectsModel back = EffectsModelFile.read(dir);
        EffectsLayout l = back.layout();
        assertThat(l.platforms()).isEqualTo(LAYOUT.platforms());
        assertThat(l.niches()).isEqualTo(LAYOUT.niches());
        assertThat(l.segments()).isEqualTo(LAYOUT.segments());
        assertThat(l.contentLevels()).isEqualTo(LAYOUT.contentLevels());
        assertThat(l.size()).isEqualTo(LAYOUT.size());
        assertThat(back.centre()).isEqualTo(m.centre());
        assertThat(back.noise()).isEqualTo(m.noise());
        assertThat(back.rows()).isEqualTo(m.rows());
        assertThat(back.variances()).containsExactly(m.variances());
        assertThat(back.mean()).containsExactly(m.mean());
        assertThat(back.members()).isEqualTo(m.members());
        for (int k = 0; k < m.members(); k++) {
            assertThat(back.draws()[k]).containsExactly(m.draws()[k]);
        }
        // the same arm has the same index in the layout read back
        String[] v = LAYOUT.contentLevels().stream().map(x -> x.get(1)).toArray(String[]::new);
        assertThat(l.active("youtube", "tech", v, 7))
                .containsExactly(LAYOUT.active("youtube", "tech", v, 7));

        // writing again replaces the file
        EffectsModel other =
                new EffectsModel(
                        LAYOUT, 1, 2, 3, m.variances(), m.mean(), new double[][] {m.mean()});
        EffectsModelFile.write(dir, other);
        assertThat(EffectsModelFile.read(dir).members()).isEqualTo(1);
    }

    @Test
    void aMeanOfTheWrongLengthThrowsNamingTheFile(@TempDir Path dir) throws IOException {
        EffectsModelFile.write(dir, model(LAYOUT.size() - 1));
        assertThatThrownBy(() -> EffectsModelFile.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve(EffectsModelFile.FILE).toString());
    }

    @Test
    void aDrawOfTheWrongLengthThrows(@TempDir Path dir) throws IOException {
        EffectsModel m = model(LAYOUT.size());
        m.draws()[3] = new double[2];
        EffectsModelFile.write(dir, m);
        assertThatThrownBy(() -> EffectsModelFile.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve(EffectsModelFile.FILE).toString());
    }

    @Test
    void nonJsonThrowsNamingTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(EffectsModelFile.FILE), "this is not { json");
        assertThatThrownBy(() -> EffectsModelFile.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve(EffectsModelFile.FILE).toString());
    }

    @Test
    void missingDrawsThrowNamingTheFile(@TempDir Path dir) throws IOException {
        EffectsModelFile.write(dir, model(LAYOUT.size()));
        Path f = dir.resolve(EffectsModelFile.FILE);
        String json = Files.readString(f);
        Files.writeString(f, json.replaceAll("\"draws\":\\[.*\\]\\]", "\"draws\":null"));
        assertThat(Files.readString(f)).contains("\"draws\":null");
        assertThatThrownBy(() -> EffectsModelFile.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString());
    }
}
