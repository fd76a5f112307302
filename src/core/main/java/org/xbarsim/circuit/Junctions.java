package org.xbarsim.circuit;

/**
 * Physical constants and SPICE voltage limiting for junction devices, as in ngspice
 * (devsup.c: DEVpnjlim, DEVfetlim, DEVlimvds) so that the same netlist converges the same way.
 */
final class Junctions {
    private Junctions() {
    }

    /** Elementary charge (C), as ngspice's const.h. */
    static final double CHARGE = 1.6021766208e-19;
    /** Boltzmann constant (J/K), as ngspice's const.h. */
    static final double BOLTZMANN = 1.38064852e-23;
    /** Nominal temperature, 27 C (K). */
    static final double T_NOM_K = 300.15;
    /** Thermal voltage kT/q at 27 C (V). */
    static final double VT_NOM = BOLTZMANN * T_NOM_K / CHARGE;
    /** Largest exponent argument evaluated before clipping. */
    static final double MAX_EXP_ARG = 709.0;

    /** Thermal voltage kT/q (V) at temperature {@code kelvin}. */
    static double thermalVoltage(double kelvin) {
        return BOLTZMANN * kelvin / CHARGE;
    }

    /** Kelvin of 0 C. */
    static final double ZERO_C_K = 273.15;

    /** Critical voltage of a junction with saturation current is (A) and emission voltage vte (V). */
    static double vcrit(double vte, double is) {
        return vte * Math.log(vte / (Math.sqrt(2) * is));
    }

    /** Limits a pn-junction voltage step; sets {@code flag[0]} when it limited. */
    static double pnjlim(double vnew, double vold, double vt, double vcrit, boolean[] flag) {
        if (vnew > vcrit && Math.abs(vnew - vold) > vt + vt) {
            if (vold > 0) {
                double arg = 1 + (vnew - vold) / vt;
                vnew = arg > 0 ? vold + vt * Math.log(arg) : vcrit;
            } else {
                vnew = vt * Math.log(vnew / vt);
            }
            flag[0] = true;
        } else if (vnew < 0) {
            double arg = vold > 0 ? -1 * vold - 1 : 2 * vold - 1;
            if (vnew < arg) {
                vnew = arg;
                flag[0] = true;
            }
        }
        return vnew;
    }

    /** Limits a FET gate-source voltage step around threshold vto. */
    static double fetlim(double vnew, double vold, double vto) {
        double vtsthi = Math.abs(2 * (vold - vto)) + 2;
        double vtstlo = Math.abs(vold - vto) + 1;
        double vtox = vto + 3.5;
        double delv = vnew - vold;
        if (vold >= vto) {
            if (vold >= vtox) {
                if (delv <= 0) {
                    if (vnew >= vtox) {
                        if (-delv > vtstlo) {
                            vnew = vold - vtstlo;
                        }
                    } else {
                        vnew = Math.max(vnew, vto + 2);
                    }
                } else if (delv >= vtsthi) {
                    vnew = vold + vtsthi;
                }
            } else if (delv <= 0) {
                vnew = Math.max(vnew, vto - .5);
            } else {
                vnew = Math.min(vnew, vto + 4);
            }
        } else if (delv <= 0) {
            if (-delv > vtsthi) {
                vnew = vold - vtsthi;
            }
        } else {
            double vtemp = vto + .5;
            if (vnew <= vtemp) {
                if (delv > vtstlo) {
                    vnew = vold + vtstlo;
                }
            } else {
                vnew = vtemp;
            }
        }
        return vnew;
    }

    /** Limits a FET drain-source voltage step. */
    static double limvds(double vnew, double vold) {
        if (vold >= 3.5) {
            if (vnew > vold) {
                vnew = Math.min(vnew, 3 * vold + 2);
            } else if (vnew < 3.5) {
                vnew = Math.max(vnew, 2);
            }
        } else if (vnew > vold) {
            vnew = Math.min(vnew, 4);
        } else {
            vnew = Math.max(vnew, -.5);
        }
        return vnew;
    }
}
