package org.xbarsim.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Circuits whose answer is known in closed form, solved to rounding. */
class ClosedFormTest {
    /** Linear circuits solve in one LU: agreement to rounding, 1e-12 relative. */
    static final double REL = 1e-12;

    static double[] op(String netlist) {
        Simulator.Run run = Simulator.runString(Path.of("inline.cir"), netlist, Map.of());
        return run.results().get(0).rows().get(0);
    }

    static void close(double expected, double actual) {
        assertEquals(expected, actual, REL * Math.abs(expected) + 1e-15);
    }

    @Test
    void divider() {
        double[] r = op("divider\nv1 in 0 dc 3\nr1 in out 1k\nr2 out 0 2k\n.op\n.print dc v(out) i(v1)\n.end\n");
        close(2.0, r[0]);
        close(-1e-3, r[1]);
    }

    @Test
    void ladderBySeriesParallelReduction() {
        double rr = 1e3;
        double v = 5;
        // r1 ref-n1 R, r2 n1-n2 R, r3 n2-n3 R, r4 n3-0 2R, r5 n1-0 2R, r6 n2-0 2R
        double z3 = 2 * rr;
        double z2 = par(2 * rr, rr + z3);
        double z1 = par(2 * rr, rr + z2);
        double i1 = v / (rr + z1);
        double v1 = v - i1 * rr;
        double v2 = v1 * z2 / (rr + z2);
        double v3 = v2 * z3 / (rr + z3);
        double[] r = op("ladder\n.param r=1k\nvref ref 0 dc 5\nr1 ref n1 {r}\nr2 n1 n2 {r}\nr3 n2 n3 {r}\nr4 n3 0 {2*r}\n"
                + "r5 n1 0 {2*r}\nr6 n2 0 {2*r}\n.op\n.print dc v(n1) v(n2) v(n3) i(vref)\n.end\n");
        close(v1, r[0]);
        close(v2, r[1]);
        close(v3, r[2]);
        close(-i1, r[3]);
    }

    private static double par(double a, double b) {
        return a * b / (a + b);
    }

    @Test
    void bridgeByCramersRule() {
        double vs = 10;
        double ga = 1 / 1e3;
        double gb = 1 / 1.2e3;
        double gc = 1 / 2.2e3;
        double gd = 1 / 1.8e3;
        double gg = 1 / 470.0;
        // [ga+gc+gg, -gg; -gg, gb+gd+gg] [va; vb] = [ga vs; gb vs]
        double a11 = ga + gc + gg;
        double a12 = -gg;
        double a22 = gb + gd + gg;
        double det = a11 * a22 - a12 * a12;
        double va = (ga * vs * a22 - a12 * gb * vs) / det;
        double vb = (a11 * gb * vs - a12 * ga * vs) / det;
        double[] r = op("bridge\nvs top 0 dc 10\nra top a 1k\nrb top b 1.2k\nrc a 0 2.2k\nrd b 0 1.8k\nrg a b 470\n"
                + ".op\n.print dc v(a) v(b) v(a,b)\n.end\n");
        close(va, r[0]);
        close(vb, r[1]);
        close(va - vb, r[2]);
    }

    @Test
    void vcvsNonInvertingAmplifier() {
        double gain = 1e4;
        double beta = 1e3 / (9e3 + 1e3);
        double vin = 0.25;
        double[] r = op("amp\nvin in 0 dc 0.25\ne1 out 0 in fb 1e4\nrf out fb 9k\nrg fb 0 1k\nrl out 0 10k\n.op\n"
                + ".print dc v(out) v(fb)\n.end\n");
        close(gain * vin / (1 + gain * beta), r[0]);
        close(beta * gain * vin / (1 + gain * beta), r[1]);
    }

    @Test
    void vccsIntoLoad() {
        // KCL at out: vout/5k + (vout - vin)/100k + 2m vin = 0
        double vin = 1;
        double vout = (vin / 100e3 - 2e-3 * vin) / (1 / 5e3 + 1 / 100e3);
        double[] r = op("g\nvin in 0 dc 1\ng1 out 0 in 0 2m\nrl out 0 5k\nrp out in 100k\n.op\n.print dc v(out)\n.end\n");
        close(vout, r[0]);
    }

    @Test
    void cccsMirror() {
        double iref = (5 - 0.7) / 4.3e3;
        double[] r = op("f\nvcc vcc 0 dc 5\nrref vcc sense 4.3k\nvsense sense 0 dc 0.7\nf1 vcc out vsense 2.5\n"
                + "rl out 0 1k\n.op\n.print dc v(out) i(vsense)\n.end\n");
        close(2.5 * iref * 1e3, r[0]);
        close(iref, r[1]);
    }

    @Test
    void ccvsTransresistance() {
        // 100 uA into a: 10k || 1k share it; i(vmeas) = 100u * 10k / 11k
        double im = 100e-6 * 10e3 / 11e3;
        double[] r = op("h\niin 0 a dc 100u\nrin a 0 10k\nvmeas a b dc 0\nrb b 0 1k\nh1 out 0 vmeas 5k\nrl out 0 2k\n"
                + ".op\n.print dc v(out) i(vmeas)\n.end\n");
        close(5e3 * im, r[0]);
        close(im, r[1]);
    }

    @Test
    void linearMemristorIsAConductanceAndSinhMatchesItsLawAtTheReadVoltage() {
        double[] r = op("m\n.model lin mem (law=linear)\n.model sh mem (law=sinh b=3 vread=0.2)\nv1 a 0 dc 0.2\n"
                + "y1 a 0 lin g=40u\nv2 b 0 dc 0.2\ny2 b 0 sh g=40u\nv3 c 0 dc -0.1\ny3 c 0 sh g=40u\n.op\n"
                + ".print dc i(v1) i(v2) i(v3)\n.end\n");
        close(-40e-6 * 0.2, r[0]);
        close(-40e-6 * 0.2, r[1]);
        double a = 40e-6 * 0.2 / Math.sinh(3 * 0.2);
        assertEquals(a * Math.sinh(3 * 0.1), r[2], 1e-9 * a);
    }
}
