namespace GanKit.Networks.Config;

/// <summary>Validation shared by the configurations, with messages naming the parameter.</summary>
internal static class NetworkChecks
{
    public static void Resolution(int resolution, string name)
    {
        if (resolution < 4 || resolution > 1024 || (resolution & (resolution - 1)) != 0)
            throw new ArgumentException($"network configuration: {name} must be a power of two from 4 to 1024, found {resolution}");
    }

    public static void Positive(int value, string name, bool allowZero = false)
    {
        if (value < 0 || (value == 0 && !allowZero))
            throw new ArgumentException($"network configuration: {name} must be {(allowZero ? "0 or more" : "positive")}, found {value}");
    }
}
