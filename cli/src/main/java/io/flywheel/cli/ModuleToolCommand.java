package io.flywheel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * A command that is another module's tool: its options (and {@code --help}, which lists them) are
 * passed through in order to the tool, which runs in its own JVM on its module's classpath with
 * this command's configuration ({@code --config}, {@code --set}).
 */
abstract class ModuleToolCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Unmatched List<String> args = new ArrayList<>();

    private final String module;
    private final String mainClass;

    ModuleToolCommand(String module, String mainClass) {
        this.module = module;
        this.mainClass = mainClass;
    }

    @Override
    public Integer call() throws Exception {
        return ModuleTool.run(options.load(), options.file(), module, mainClass, args);
    }
}
