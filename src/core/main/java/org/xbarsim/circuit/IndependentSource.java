package org.xbarsim.circuit;

/** An independent voltage (V) or current (A) source whose DC value a sweep or an input vector sets. */
public interface IndependentSource {
    /** The DC value (V or A). */
    double value();

    void setValue(double v);

    /** The source as a device (its name, branch, terminals). */
    Device device();
}
