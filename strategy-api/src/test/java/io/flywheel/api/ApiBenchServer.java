package io.flywheel.api;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The API for bench/api: ephemeral PostgreSQL and Kafka, a 5-booster champion trained here, a key
 * with an unlimited rate. Writes {@code <dir>/api.env} (port, key) and {@code <dir>/score.json}
 * (100 candidates), then serves until {@code <dir>/stop} appears.
 */
public final class ApiBenchServer {
    private ApiBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        try (ApiFixture f = new ApiFixture("bench", 1e9, 1_000_000_000)) {
            TinyModels.train(f.modelDir, 1, 5, 60, 1);
            f.champion.swap(f.loader.load("engagement/v1"));
            Files.writeString(dir.resolve("score.json"), StrategyApiTest.candidates(100, 1));
            // Warm up both routes (JIT, the segment's pool scores) before measuring.
            for (int i = 0; i < 2000; i++) {
                f.get("/v1/recommendations?platform=TIKTOK&niche=cooking&count=10", f.readKey);
                f.post("/v1/score", f.readKey, StrategyApiTest.candidates(100, i % 7));
            }
            Files.writeString(
                    dir.resolve("api.env"),
                    "PORT=" + f.server.port() + "\nKEY=" + f.readKey + "\n");
            while (!Files.exists(dir.resolve("stop"))) {
                Thread.sleep(200);
            }
        }
        System.exit(0);
    }
}
