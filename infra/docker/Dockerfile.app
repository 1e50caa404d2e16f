# One image for Flywheel's own processes (strategy API, render worker, publisher, audience,
# scheduler), each started with `java -jar` from its module's runnable jar and its lib/ (see e2e's
# RunnableJarsTest). Multi-stage: the first stage builds the jars, the second is a JRE with what the
# render worker needs (ffmpeg comes from the bytedeco jars in lib/; libpulse0 is needed to load them,
# espeak-ng is the offline TTS, DejaVu the caption font, Noto the Arabic, Devanagari and Japanese
# captions). Build from the repository root:
#   docker build -f infra/docker/Dockerfile.app -t registry.example.com/flywheel/app:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -pl strategy-api,render-workers,publishers,simulator,cli,streaming-jobs,batch-jobs -am package -DskipTests -Dskip.npm=false \
 && mkdir -p /out \
 && for m in strategy-api render-workers publishers simulator; do \
      mkdir -p /out/$m && cp -r $m/target/lib /out/$m/lib \
      && cp $m/target/flywheel-$m-0.1.0-SNAPSHOT.jar /out/$m/flywheel-$m.jar; \
    done \
 && mkdir -p /out/cli && cp -r cli/target/lib /out/cli/lib && cp cli/target/flywheel-cli.jar /out/cli/flywheel-cli.jar \
 && mkdir -p /out/home/batch-jobs/target \
 && cp -r batch-jobs/target/classes batch-jobs/target/lib batch-jobs/target/spark-jvm-flags.txt \
      batch-jobs/target/flywheel-batch-jobs-spark.jar /out/home/batch-jobs/target/

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpulse0 espeak-ng fonts-dejavu-core \
      fonts-noto-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home flywheel \
 && mkdir -p /var/lib/flywheel && chown flywheel /var/lib/flywheel
COPY --from=build /out /opt/flywheel
USER 10001
# The scheduler runs BatchJobMain on batch-jobs' classes and lib under FLYWHEEL_HOME.
ENV FLYWHEEL_HOME=/opt/flywheel/home \
    FLYWHEEL_DATA_DIR=/var/lib/flywheel \
    FLYWHEEL_LISTEN_ADDRESS=0.0.0.0
