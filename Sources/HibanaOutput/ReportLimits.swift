/// Caps that keep `report.html` light for big runs: the files hold everything, the report a
/// readable sample.
public struct ReportLimits: Sendable {
    /// Most spikes drawn in the raster (neurons are thinned first, then the time window shortened).
    public var rasterPoints = 10_000
    /// Most neurons (rows) drawn in the raster.
    public var rasterRows = 200
    /// About how many bins the population-rate plot uses (bin widths are 1, 2 or 5 × 10^k ms).
    public var rateBins = 100
    /// Most neurons drawn per trace plot.
    public var tracesPerPlot = 8
    /// Most points per drawn trace (min/max per bucket, so spikes and resets stay visible).
    public var traceSamples = 2_000

    public init() {}
}
