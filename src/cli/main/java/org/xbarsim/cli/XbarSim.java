package org.xbarsim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.xbarsim.netlist.NetlistException;
import org.xbarsim.solver.SolveException;

/** The {@code xbarsim} command. */
@Command(name = "xbarsim", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        versionProvider = XbarSim.Version.class,
        description = "Circuit-level simulator of resistive crossbar arrays: SPICE-style DC netlists, "
                + "solved exactly and fast.")
public final class XbarSim implements Runnable {

    /** The subcommands, by name, in the order help lists them (a holder: main starts work before it loads). */
    private static final class Commands {
        static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

        static {
            ALL.put("run", RunCommand::new);
            ALL.put("export", ExportCommand::new);
            ALL.put("generate", GenerateCommand::new);
            ALL.put("bench", BenchCommand::new);
            ALL.put("infer", InferCommand::new);
            ALL.put("fit", FitCommand::new);
            ALL.put("validate", ValidateCommand::new);
            ALL.put("sweep", SweepCommand::new);
            ALL.put("help", () -> new CommandLine.HelpCommand()); // not a method reference: loaded only for help
        }
    }

    /** Exit code of a bad netlist or bad option. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a circuit that cannot be solved. */
    public static final int EXIT_SOLVE = 3;
    /** Exit code of an input/output failure. */
    public static final int EXIT_IO = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Prefetch.start(args);
        int exit;
        try {
            exit = commandLine(args).execute(args);
        } catch (StackOverflowError e) {
            System.err.println("error: input nested too deeply to process (stack exhausted)");
            exit = EXIT_SOLVE;
        } catch (OutOfMemoryError e) {
            System.err.println("error: out of memory (Java heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB); give it more with JAVA_OPTS=-Xmx<size>, or run a smaller problem");
            exit = EXIT_SOLVE;
        }
        System.exit(exit);
    }

    /** The configured command line with every subcommand, as tests use it. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when they name a subcommand, only that one is
     * built (picocli introspects every registered command at start-up, which a short run would
     * otherwise pay for); otherwise all, so help lists them.
     */
    public static CommandLine commandLine(String[] args) {
        // picocli looks up by reflection, for every command line, Groovy closures and converters for
        // java.sql and java.time types; no option here has such a type (a tenth of a short run's
        // start-up). For the same reason every command says addMethodSubcommands = false: none has
        // subcommands made of methods, which picocli would otherwise look for in all its methods.
        System.getProperties().putIfAbsent("picocli.disable.closures", "true");
        System.getProperties().putIfAbsent("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        CommandLine cl = new CommandLine(new XbarSim());
        String first = args.length > 0 ? args[0] : "";
        Map<String, Supplier<Object>> all = Commands.ALL;
        if (all.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, all.get(first).get());
        } else {
            all.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * User errors as one line and an exit code, no stack trace. A class, not a lambda: picocli's
     * interfaces are old class files, which the class-data archive holds only while nothing links
     * them when it is made, as a lambda's generated class would.
     */
    private static final class UserErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            return handle(ex, cl);
        }
    }

    private static int handle(Exception ex, CommandLine cl) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        java.io.PrintWriter err = cl.getErr();
        if (t instanceof NetlistException) {
            err.println(t.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (t instanceof SolveException) {
            err.println("error: " + t.getMessage());
            err.flush();
            return EXIT_SOLVE;
        }
        if (t instanceof IllegalArgumentException) {
            err.println("error: " + t.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            // a missing input is the user's to fix, as a missing netlist is
            err.println("error: " + t.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (t instanceof IOException) {
            err.println("error: " + t.getMessage());
            err.flush();
            return EXIT_IO;
        }
        throw new IllegalStateException(ex);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, export, generate, bench, infer, fit or validate");
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XbarSim.class.getPackage().getImplementationVersion();
            return new String[] {"xbarsim " + (v == null ? "development build" : v),
                "Java " + System.getProperty("java.version")};
        }
    }

    /** The version string for headers. */
    public static String version() {
        String v = XbarSim.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
