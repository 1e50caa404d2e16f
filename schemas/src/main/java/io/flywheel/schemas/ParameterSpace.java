package io.flywheel.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The values each content parameter can take within a segment (platform and niche): the enums'
 * symbols other than UNKNOWN, plus the durations and voices offered. Recommenders enumerate or
 * sample arms from it; the audience simulator finds its best arm in it.
 */
public record ParameterSpace(List<Integer> durationsS, List<String> voices) {
    public static final ParameterSpace DEFAULT =
            new ParameterSpace(
                    List.of(15, 30, 45, 60),
                    List.of("en-us+f3", "en-us+m3", "en-gb+f2", "en-us+m7"));

    public static <E extends Enum<E>> List<E> known(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> !e.name().equals("UNKNOWN"))
                .toList();
    }

    /** How many arms one segment has. */
    public long armsPerSegment() {
        return (long) known(HookStyle.class).size()
                * known(Pacing.class).size()
                * durationsS.size()
                * voices.size()
                * known(MusicMood.class).size()
                * known(CaptionStyle.class).size()
                * known(VisualStyle.class).size()
                * 24;
    }

    /** Calls {@code visit} with every arm of a segment (the same builder, refilled each time). */
    public void forEachArm(Platform platform, String niche, Consumer<ContentParameters> visit) {
        ContentParameters p = new ContentParameters();
        p.setPlatform(platform);
        p.setNiche(niche);
        for (HookStyle h : known(HookStyle.class)) {
            p.setHookStyle(h);
            for (Pacing pc : known(Pacing.class)) {
                p.setPacing(pc);
                for (int d : durationsS) {
                    p.setTargetDurationS(d);
                    for (String v : voices) {
                        p.setVoice(v);
                        for (MusicMood m : known(MusicMood.class)) {
                            p.setMusicMood(m);
                            for (CaptionStyle c : known(CaptionStyle.class)) {
                                p.setCaptionStyle(c);
                                for (VisualStyle vs : known(VisualStyle.class)) {
                                    p.setVisualStyle(vs);
                                    for (int hour = 0; hour < 24; hour++) {
                                        p.setPostingHour(hour);
                                        visit.accept(p);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Every value of every parameter, for documentation and validation messages. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("hook_style: " + known(HookStyle.class));
        out.add("pacing: " + known(Pacing.class));
        out.add("target_duration_s: " + durationsS);
        out.add("voice: " + voices);
        out.add("music_mood: " + known(MusicMood.class));
        out.add("caption_style: " + known(CaptionStyle.class));
        out.add("visual_style: " + known(VisualStyle.class));
        out.add("posting_hour: 0-23");
        return out;
    }
}
