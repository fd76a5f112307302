package org.xbarsim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.xbarsim.nn.MappingCount;
import org.xbarsim.nn.OnnxImport;
import org.xbarsim.report.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xbarsim bench mapping}: dense against sparse mapping of a network's layers (paper 002 Table 2). */
@Command(name = "mapping", mixinStandardHelpOptions = true,
        description = "Count what dense and sparse mapping take for each Conv and Gemm layer of an ONNX network (paper 002 "
                + "Table 2): arrays, ADCs, DACs, devices in use and sequential iterations per image, from the layers' "
                + "shapes alone (no array simulated); write CSV.")
final class MappingBench implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "the ONNX model")
    Path model;

    @Option(names = "--max-array", defaultValue = "1024x1024",
            description = "largest array ROWSxCOLS of the dense mapping (as infer's); default: ${DEFAULT-VALUE}")
    String maxArray;

    @Option(names = "--images-file", description = "IDX image file: also measure each layer's input sparsity (the "
            + "fraction of its input that is exactly zero, paper 002 Fig. 9) over the first --images images")
    Path imagesFile;

    @Option(names = "--images", defaultValue = "100", description = "images for the input sparsity (the first ones); "
            + "default: ${DEFAULT-VALUE}")
    int images;

    @Option(names = {"-o", "--output"}, required = true, description = "CSV file to write")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int[] max = Sizes.parse(List.of(maxArray), "--max-array").get(0);
        Outputs.file(output, "-o");
        org.xbarsim.nn.Network net = OnnxImport.read(model);
        List<MappingCount.Layer> layers = MappingCount.of(net, max[0], max[1]);
        double[] sparsity = imagesFile == null ? null
                : MappingCount.inputSparsity(net, org.xbarsim.nn.Inference.tensors(net, model, imagesFile, 0, images));
        StringBuilder csv = new StringBuilder("layer,op,kernel,dense_rows,dense_cols,dense_arrays,dense_adcs,dense_dacs,"
                + "dense_devices,iterations,sparse_rows,sparse_cols,sparse_adcs,sparse_dacs,sparse_devices_used,sparse_usage,"
                + "input_sparsity\n");
        StringBuilder md = new StringBuilder("| layer | kernel | dense: array, ADCs, DACs | iterations | sparse: array, ADCs, DACs "
                + "| sparse: devices in use | input sparsity |\n| --- | --- | --- | ---: | --- | ---: | ---: |\n");
        for (int i = 0; i < layers.size(); i++) {
            MappingCount.Layer l = layers.get(i);
            String zeros = sparsity == null ? "" : String.format(Locale.ROOT, "%.4f", sparsity[i]);
            String kernel = String.join("x", java.util.Arrays.stream(l.kernel()).mapToObj(Integer::toString).toList());
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%s%n", l.name(), l.op(),
                    kernel, l.denseRows(), l.denseCols(), l.arrays(), l.denseAdcs(), l.denseDacs(),
                    (long) l.denseRows() * l.denseCols(), l.iterations(), l.sparseRows(), l.sparseCols(), l.sparseAdcs(),
                    l.sparseRows(), l.sparseUsed(), l.sparseUsage(), zeros));
            md.append(String.format(Locale.ROOT, "| %s | %s | %dx%d, %d, %d | %d | %dx%d, %d, %d | %.2f %% | %s |%n", l.name(),
                    kernel, l.denseRows(), l.denseCols(), l.denseAdcs(), l.denseDacs(), l.iterations(), l.sparseRows(),
                    l.sparseCols(), l.sparseAdcs(), l.sparseRows(), 100 * l.sparseUsage(),
                    sparsity == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * sparsity[i])));
        }
        AtomicFile.write(output, w -> w.write(csv.toString()));
        spec.commandLine().getOut().printf(Locale.ROOT, "%s%nsequential iterations per image (dense mapping): %d over %d layers;"
                + " dense arrays at most %dx%d, every device in use; sparse ADCs one per %d columns%nwritten: %s%n", md,
                MappingCount.iterations(layers), layers.size(), max[0], max[1], MappingCount.SPARSE_COLUMNS_PER_ADC, output);
        return 0;
    }
}
