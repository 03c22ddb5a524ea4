using System.Security.Cryptography;

namespace GanKit.Latent.Directions;

/// <summary>Identifies the network a directions file belongs to.</summary>
public static class NetworkHash
{
    /// <summary>SHA-256 of the network file's bytes, lower-case hex.</summary>
    public static string Of(string networkPath)
    {
        using var stream = File.OpenRead(networkPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
