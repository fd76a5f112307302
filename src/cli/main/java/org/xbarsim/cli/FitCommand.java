package org.xbarsim.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.util.MathArrays;
import org.xbarsim.circuit.MemristorLaw;
import org.xbarsim.report.AtomicFile;
import org.xbarsim.report.Charts;
import org.xbarsim.validation.CellCurve;
import org.xbarsim.validation.DeviceFit;
import org.xbarsim.validation.VariationFit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xbarsim fit}: device models fitted to measured data. */
@Command(name = "fit", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Fit device models to measured data.",
        subcommands = {FitCommand.Device.class, FitCommand.Variation.class})
final class FitCommand implements Runnable {
    /**
     * Where the measured data is: the environment variable XBARSIM_MEASURED, else ../shared/measured
     * (picocli fills it in when it reads the defaults).
     */
    static final String MEASURED = "${env:XBARSIM_MEASURED:-../shared/measured}";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: device or variation");
    }

    /** {@code xbarsim fit device}. */
    @Command(name = "device", mixinStandardHelpOptions = true, addMethodSubcommands = false,
            description = "Fit the level-1 access transistor to the SET sweeps and the sinh and table memristor laws to "
                    + "the low-field RESET sweeps of a measured 1T1R cell (Levenberg-Marquardt, whole-cell model); "
                    + "write the parameters with their standard errors, the RMS error per sweep, plots and a summary.")
    static final class Device implements Callable<Integer> {
        @Option(names = "--data", defaultValue = MEASURED + "/readc-1t1r/csv/SourceData_Fig_3__3b.csv",
                description = "CSV of DC double sweeps: V_set_XuA, I_set_XuA (uA), V_reset_XuA, I_reset_XuA per compliance "
                        + "X; default: ${DEFAULT-VALUE}")
        Path data;

        @Option(names = "--v-read", defaultValue = "0.2", description = "read voltage defining a state's conductance (V); "
                + "default: ${DEFAULT-VALUE}")
        double vRead;

        @Option(names = "--window", defaultValue = "0.3", description = "the RESET branches' fitted window, |V| up to this "
                + "(V), a multiple of 0.05 V from V_read to 1; default: ${DEFAULT-VALUE}")
        double window;

        @Option(names = "--vto", defaultValue = "0.5", description = "transistor threshold, fixed: only the gate overdrive "
                + "is seen (V); default: ${DEFAULT-VALUE}")
        double vto;

        @Option(names = "--beta", defaultValue = "2e-3", description = "starting KP*W/L (A/V^2); default: ${DEFAULT-VALUE}")
        double beta;

        @Option(names = {"-o", "--output"}, defaultValue = "validation/device-fit", description = "folder to write; "
                + "default: ${DEFAULT-VALUE}")
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Outputs.directory(output);
            if (!(vRead > 0 && vRead <= 1)) {
                throw new IllegalArgumentException("--v-read " + vRead + " V: above 0, at most 1");
            }
            if (!(window >= vRead && window <= 1) || Math.abs(window / 0.05 - Math.rint(window / 0.05)) > 1e-9) {
                throw new IllegalArgumentException("--window " + window + " V: a multiple of 0.05 V from --v-read to 1");
            }
            if (!(beta > 0)) {
                throw new IllegalArgumentException("--beta " + beta + " A/V^2: positive");
            }
            List<DeviceFit.Sweep> sweeps = DeviceFit.readSweeps(data);
            DeviceFit.Result r = DeviceFit.fit(sweeps, vRead, window, vto, beta);
            Files.createDirectories(output);
            AtomicFile.write(output.resolve("device-fit.json"), w -> w.write(json(r)));
            AtomicFile.write(output.resolve("device-fit.csv"), w -> w.write(csv(r)));
            plot(r, output.resolve("device-fit.png"));
            String md = summary(r, data);
            return Summaries.finish(spec, output, md);
        }
    }

    private static String json(DeviceFit.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("v_read", r.vRead());
        o.addProperty("window_v", r.window());
        JsonObject fet = new JsonObject();
        fet.addProperty("vto", r.fet().vto());
        fet.addProperty("beta", r.fet().beta().value());
        fet.addProperty("beta_std", r.fet().beta().std());
        fet.addProperty("lambda", r.fet().lambda().value());
        fet.addProperty("lambda_std", r.fet().lambda().std());
        o.add("transistor", fet);
        JsonArray states = new JsonArray();
        for (int k = 0; k < r.sinh().size(); k++) {
            DeviceFit.SinhState s = r.sinh().get(k);
            JsonObject st = new JsonObject();
            st.addProperty("compliance_ua", s.complianceUa());
            st.addProperty("g", s.g().value());
            st.addProperty("g_std", s.g().std());
            st.addProperty("sinh_b", s.b().value());
            st.addProperty("sinh_b_std", s.b().std());
            st.addProperty("v_gate", r.fet().vGate()[k].value());
            st.addProperty("v_gate_std", r.fet().vGate()[k].std());
            st.addProperty("table_g", r.table().g()[k].value());
            states.add(st);
        }
        o.add("states", states);
        JsonObject table = new JsonObject();
        JsonArray kv = new JsonArray();
        JsonArray kt = new JsonArray();
        JsonArray ks = new JsonArray();
        for (int q = 0; q < r.table().knotV().length; q++) {
            kv.add(r.table().knotV()[q]);
            kt.add(r.table().knotT()[q].value());
            ks.add(r.table().knotT()[q].std());
        }
        table.add("v", kv);
        table.add("t", kt);
        table.add("t_std", ks);
        o.add("table", table);
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static String csv(DeviceFit.Result r) {
        StringBuilder b = new StringBuilder("compliance_ua,g_us,g_std_us,sinh_b_per_v,sinh_b_std,sinh_rms_ua,linear_rms_ua,"
                + "table_g_us,table_rms_ua,reset_max_ua,reset_points,v_gate_v,v_gate_std_v,clamp_fitted_ua,plateau_measured_ua,"
                + "set_rms_ua,set_points\n");
        for (int k = 0; k < r.sinh().size(); k++) {
            DeviceFit.SinhState s = r.sinh().get(k);
            DeviceFit.Transistor f = r.fet();
            b.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.5f,%.5f,%.5f,%.5f,%.4f,%.5f,%.4f,%d,%.6f,%.6f,%.4f,%.4f,%.5f,%d%n",
                    s.complianceUa(), s.g().value() * 1e6, s.g().std() * 1e6, s.b().value(), s.b().std(), s.rmsA() * 1e6,
                    s.rmsLinearA() * 1e6, r.table().g()[k].value() * 1e6, r.table().rmsA()[k] * 1e6, s.maxA() * 1e6,
                    s.points(), f.vGate()[k].value(), f.vGate()[k].std(), f.clampA()[k] * 1e6, f.plateauA()[k] * 1e6,
                    f.rmsA()[k] * 1e6, f.points()[k]));
        }
        return b.toString();
    }

    private static void plot(DeviceFit.Result r, Path file) throws IOException {
        List<Charts.Series> set = new ArrayList<>();
        List<Charts.Series> reset = new ArrayList<>();
        List<Charts.Series> resid = new ArrayList<>();
        MemristorLaw table = r.table().law(r.vRead());
        for (int k = 0; k < r.sweeps().size(); k++) {
            DeviceFit.Sweep s = r.sweeps().get(k);
            String name = s.complianceUa() + " uA";
            set.add(new Charts.Series(name + " measured", s.vSet(), MathArrays.scale(1e6, s.iSet()), Charts.Style.MARKERS));
            DeviceFit.Branch ret = DeviceFit.setReturn(s);
            CellCurve cell = r.sinhCell(k);
            set.add(new Charts.Series(name + " model", ret.v(), curve(cell, ret.v()), Charts.Style.LINE));
            DeviceFit.Branch low = DeviceFit.resetLowField(s, r.window());
            double[] absV = MathArrays.scale(-1, low.v());
            reset.add(new Charts.Series(name + " measured", absV, MathArrays.scale(-1e6, low.i()), Charts.Style.MARKERS));
            MemristorLaw sinhLaw = r.sinhLaw(k);
            double gSinh = r.sinh().get(k).g().value();
            double gTable = r.table().g()[k].value();
            double[] sinh = new double[low.v().length];
            double[] rs = new double[sinh.length];
            double[] rt = new double[sinh.length];
            for (int q = 0; q < sinh.length; q++) {
                double i = sinhLaw.current(low.v()[q], gSinh);
                sinh[q] = -i * 1e6;
                rs[q] = (i - low.i()[q]) * 1e6;
                rt[q] = (table.current(low.v()[q], gTable) - low.i()[q]) * 1e6;
            }
            reset.add(new Charts.Series(name + " sinh", absV, sinh, Charts.Style.LINE));
            if (k % 3 == 0) {
                resid.add(new Charts.Series(name + " sinh", absV, rs, Charts.Style.CHART));
                resid.add(new Charts.Series(name + " table", absV, rt, Charts.Style.CHART));
            }
        }
        double[] comp = new double[r.sinh().size()];
        double[] g = new double[comp.length];
        double[] b = new double[comp.length];
        double[] clamp = new double[comp.length];
        for (int k = 0; k < comp.length; k++) {
            comp[k] = r.sinh().get(k).complianceUa();
            g[k] = r.sinh().get(k).g().value() * 1e6;
            b[k] = r.sinh().get(k).b().value() * 100;
            clamp[k] = r.fet().clampA()[k] * 1e6;
        }
        List<Charts.Chart> charts = List.of(
                new Charts.Chart("SET sweeps: measured, and the cell model on the return branch", "V (V)", "I (uA)", false,
                        false, true, set),
                new Charts.Chart("RESET sweeps below " + r.window() + " V: measured and sinh law", "|V| (V)", "|I| (uA)",
                        false, false, true, reset),
                new Charts.Chart("RESET branches: model - measured", "|V| (V)", "error (uA)", false, false,
                        true, resid),
                new Charts.Chart("fitted states against compliance", "compliance (uA)", "value", false, false, true,
                        List.of(new Charts.Series("G at V_read (uS)", comp, g), new Charts.Series("sinh b x 100 (1/V)", comp, b),
                                new Charts.Series("fitted clamp (uA)", comp, clamp))));
        Charts.write(charts, 2, file);
    }

    private static double[] curve(CellCurve c, double[] v) {
        double[] y = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            y[k] = c.current(v[k]) * 1e6;
        }
        return y;
    }

    private static String summary(DeviceFit.Result r, Path data) {
        StringBuilder b = new StringBuilder("# Device fit: 1T1R cell\n\n");
        DeviceFit.Transistor f = r.fet();
        b.append(String.format(Locale.ROOT, "Data: %s. Memristor states at V_read = %.3g V; RESET branches fitted for |V| <= %.3g"
                + " V; SET branches from their top back to 0 V. Level-1 NMOS with V_to = %.3g V fixed (only the overdrive "
                + "V_g - V_to is seen): beta = KP W/L = %.4g +- %.2g A/V^2, lambda = %.4g +- %.2g 1/V.%n%n", data, r.vRead(),
                r.window(), f.vto(), f.beta().value(), f.beta().std(), f.lambda().value(), f.lambda().std()));
        b.append("| compliance (uA) | G (uS) | sinh b (1/V) | sinh RMS (uA) | linear RMS (uA) | table RMS (uA) | V_g (V) "
                + "| clamp fitted / measured (uA) | SET RMS (uA) |\n");
        b.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int k = 0; k < r.sinh().size(); k++) {
            DeviceFit.SinhState s = r.sinh().get(k);
            b.append(String.format(Locale.ROOT, "| %d | %.2f +- %.2f | %.3f +- %.3f | %.3f | %.3f | %.3f | %.4f +- %.4f | %.3f / %.3f "
                            + "| %.3f |%n", s.complianceUa(), s.g().value() * 1e6, s.g().std() * 1e6, s.b().value(),
                    s.b().std(), s.rmsA() * 1e6, s.rmsLinearA() * 1e6, r.table().rmsA()[k] * 1e6, f.vGate()[k].value(),
                    f.vGate()[k].std(), f.clampA()[k] * 1e6, f.plateauA()[k] * 1e6, f.rmsA()[k] * 1e6));
        }
        b.append("\nTable law T(V) (odd, T(V_read) = V_read), knots: ");
        for (int q = 0; q < r.table().knotV().length; q++) {
            b.append(String.format(Locale.ROOT, "%s%.2f V: %.5f +- %.5f", q == 0 ? "" : "; ", r.table().knotV()[q],
                    r.table().knotT()[q].value(), r.table().knotT()[q].std()));
        }
        b.append(".\n");
        return b.toString();
    }

    /** {@code xbarsim fit variation}. */
    @Command(name = "variation", mixinStandardHelpOptions = true, addMethodSubcommands = false,
            description = "Build empirical programming-error and read-noise models from write-verify results and repeated "
                    + "reads of measured devices, check that sampling them reproduces the measured spread per target, and "
                    + "write the model (JSON, for `xbarsim infer --variation`), the checks, plots and a summary.")
    static final class Variation implements Callable<Integer> {
        private static final String DIR = MEASURED + "/readc-1t1r/csv/";

        @Option(names = "--programming", defaultValue = DIR + "SourceData_Fig_3__3c_conductance_value.csv",
                description = "CSV of achieved conductances (uS), one column Target_XuS per target; default: ${DEFAULT-VALUE}")
        Path programming;

        @Option(names = "--stated", defaultValue = DIR + "SourceData_Fig_3__3c_variation.csv",
                description = "CSV of the spread per target as the data states it (Target_uS, Std_Variation_uS), compared "
                        + "with ours; 'none' to skip; default: ${DEFAULT-VALUE}")
        String stated;

        @Option(names = "--reads", defaultValue = DIR + "SourceData_Fig_3__3d.csv",
                description = "CSV of repeated reads (Read_Cycle, Target_Value_uS, Measured_Conductance_uS); default: "
                        + "${DEFAULT-VALUE}")
        Path reads;

        @Option(names = "--draws", defaultValue = "100000", description = "draws per target for the checks; default: "
                + "${DEFAULT-VALUE}")
        int draws;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the draws; default: ${DEFAULT-VALUE}")
        long seed;

        @Option(names = {"-o", "--output"}, defaultValue = "validation/variation", description = "folder to write; default: "
                + "${DEFAULT-VALUE}")
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Outputs.directory(output);
            if (draws < 100 || draws > 10_000_000) {
                throw new IllegalArgumentException("--draws " + draws + ": from 100 to 10000000");
            }
            VariationFit.Measured p = VariationFit.readProgramming(programming);
            VariationFit.Measured r = VariationFit.readReads(reads);
            double[] st = stated.equals("none") ? null
                    : VariationFit.readStatedSpread(Path.of(stated), p.targetsS());
            String source = programming.getFileName() + " and " + reads.getFileName();
            VariationFit.Result res = VariationFit.fit(p, r, st, source, draws,
                    seed);
            Files.createDirectories(output);
            AtomicFile.write(output.resolve("variation.json"), w -> w.write(res.model().toJson()));
            AtomicFile.write(output.resolve("checks.csv"), w -> w.write(checksCsv(res)));
            plotVariation(p, r, res, seed, output.resolve("variation.png"));
            String md = variationSummary(res, programming, reads, draws, seed);
            return Summaries.finish(spec, output, md);
        }
    }

    private static String checksCsv(VariationFit.Result r) {
        StringBuilder b = new StringBuilder("kind,target_us,count,measured_std_us,model_std_us,ratio,ratio_low_99,"
                + "ratio_high_99,ks_p\n");
        appendChecks(b, "program", r.program());
        appendChecks(b, "program_left_out", r.programLoo());
        appendChecks(b, "read", r.read());
        appendChecks(b, "read_left_out", r.readLoo());
        return b.toString();
    }

    private static void appendChecks(StringBuilder b, String kind, List<VariationFit.Check> checks) {
        for (VariationFit.Check c : checks) {
            b.append(String.format(Locale.ROOT, "%s,%.1f,%d,%.5f,%.5f,%.4f,%.4f,%.4f,%.4g%n", kind, c.targetS() * 1e6, c.count(),
                    c.measuredStdS() * 1e6, c.modelStdS() * 1e6, c.modelStdS() / c.measuredStdS(), c.lowRatio(),
                    c.highRatio(), c.ksP()));
        }
    }

    private static void plotVariation(VariationFit.Measured p,
                                      VariationFit.Measured r,
                                      VariationFit.Result res, long seed, Path file) throws IOException {
        List<Charts.Series> cdf = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int k = 0; k < p.targetsS().length; k += 3) {
            double t = p.targetsS()[k];
            double[] meas = p.values()[k].clone();
            java.util.Arrays.sort(meas);
            double[] draws = new double[2000];
            for (int q = 0; q < draws.length; q++) {
                draws[q] = res.model().program(t, 0, Double.MAX_VALUE, rnd);
            }
            java.util.Arrays.sort(draws);
            String name = String.format(Locale.ROOT, "%.0f uS", t * 1e6);
            cdf.add(new Charts.Series(name + " measured", deviation(meas, t), ranks(meas.length), Charts.Style.MARKERS));
            cdf.add(new Charts.Series(name + " model", deviation(draws, t), ranks(draws.length), Charts.Style.LINE));
        }
        double[] tp = microRounded(p.targetsS());
        double[] ms = res.program().stream().mapToDouble(c -> c.measuredStdS() * 1e6).toArray();
        double[] ss = res.program().stream().mapToDouble(c -> c.modelStdS() * 1e6).toArray();
        double[] tr = microRounded(r.targetsS());
        double[] rm = res.read().stream().mapToDouble(c -> c.measuredStdS() * 1e6).toArray();
        double[] rs = res.read().stream().mapToDouble(c -> c.modelStdS() * 1e6).toArray();
        List<Charts.Series> spread = new ArrayList<>(List.of(new Charts.Series("programming, measured", tp, ms),
                new Charts.Series("programming, model", tp, ss), new Charts.Series("read, measured", tr, rm),
                new Charts.Series("read, model", tr, rs)));
        if (!res.programLoo().isEmpty()) {
            spread.add(new Charts.Series("programming, target left out",
                    microRounded(res.programLoo().stream().mapToDouble(c -> c.targetS()).toArray()),
                    res.programLoo().stream().mapToDouble(c -> c.modelStdS() * 1e6).toArray()));
        }
        Charts.write(List.of(new Charts.Chart("programming error: cumulative distribution", "achieved - target (uS)",
                        "fraction", false, false, true, cdf),
                new Charts.Chart("spread per target", "target (uS)", "standard deviation (uS)", false, false, true, spread)),
                2, file);
    }

    /** Siemens to microsiemens, rounded to 1e-6 uS (axis labels without binary fractions). */
    private static double[] microRounded(double[] s) {
        double[] u = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            u[k] = Math.rint(s[k] * 1e12) / 1e6;
        }
        return u;
    }

    private static double[] deviation(double[] sorted, double target) {
        double[] d = new double[sorted.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = (sorted[k] - target) * 1e6;
        }
        return d;
    }

    private static double[] ranks(int n) {
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = (k + 0.5) / n;
        }
        return y;
    }

    private static String variationSummary(VariationFit.Result r, Path programming, Path reads,
                                           int draws, long seed) {
        StringBuilder b = new StringBuilder("# Measured variation: programming error and read noise\n\n");
        b.append(String.format(Locale.ROOT, "Data: %s (write-verify results) and %s (repeated reads). Model: at each target the "
                + "measured offset and spread, linear between targets and held beyond them; draws are offset + spread x z with "
                + "z from the pooled standardized deviations (%d programming, %d read). Checks: %d draws per target, seed %d; "
                + "a spread agrees when it lies in the measured spread's 99 %% chi-square interval.%n%n", programming, reads,
                r.model().programZ().length, r.model().readZ().length, draws, seed));
        b.append("| kind | target (uS) | values | measured std (uS) | model std (uS) | ratio | 99 % interval | agrees | KS p |");
        if (r.tableSigmaS() != null) {
            b.append(" stated std (uS) |");
        }
        b.append("\n| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |");
        if (r.tableSigmaS() != null) {
            b.append(" ---: |");
        }
        b.append("\n");
        summaryRows(b, "programming", r.program(), r.tableSigmaS());
        summaryRows(b, "programming, target left out", r.programLoo(), null);
        summaryRows(b, "read", r.read(), null);
        summaryRows(b, "read, target left out", r.readLoo(), null);
        return b.toString();
    }

    private static void summaryRows(StringBuilder b, String kind, List<VariationFit.Check> checks,
                                    double[] stated) {
        for (int k = 0; k < checks.size(); k++) {
            VariationFit.Check c = checks.get(k);
            b.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %.3f | %.3f | %.3f | %.3f..%.3f | %s | %.3g |", kind,
                    c.targetS() * 1e6, c.count(), c.measuredStdS() * 1e6, c.modelStdS() * 1e6,
                    c.modelStdS() / c.measuredStdS(), c.lowRatio(), c.highRatio(), c.spreadAgrees() ? "yes" : "no", c.ksP()));
            if (stated != null) {
                b.append(String.format(Locale.ROOT, " %.3f |", stated[k] * 1e6));
            }
            b.append("\n");
        }
    }
}
