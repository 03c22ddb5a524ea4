using System.Text.Json.Nodes;

namespace GanKit.Training.Data.Avatars;

/// <summary>
/// The factors of the avatars dataset and their stated distributions, and how a set of drawn values becomes the
/// DiceBear avataaars options of one face. Everything else about the face is pinned (default eyes and eyebrows,
/// a crew-neck shirt, the same framing), so the factors below are the only variation, and each is known per image.
/// </summary>
public static class AvatarFactors
{
    /// <summary>The value name used for an absent part (no glasses, no beard).</summary>
    public const string None = "none";

    /// <summary>Mouth: a smile, or a closed serious mouth (50/50).</summary>
    public static readonly AvatarFactor Smile = new("smile", "mouth: smiling (yes) or serious (no)",
    [
        new("no", 0.5, "serious"),
        new("yes", 0.5, "smile"),
    ]);

    /// <summary>Glasses: none (70%) or one of five frames (6% each).</summary>
    public static readonly AvatarFactor Glasses = new("glasses", "glasses: none or the style of the frames",
    [
        new(None, 0.70, null),
        new("round", 0.06, "round"),
        new("prescription01", 0.06, "prescription01"),
        new("prescription02", 0.06, "prescription02"),
        new("wayfarers", 0.06, "wayfarers"),
        new("sunglasses", 0.06, "sunglasses"),
    ]);

    /// <summary>Facial hair: none (76%) or a light, medium or majestic beard (8% each), in the hair's colour.</summary>
    public static readonly AvatarFactor Beard = new("beard", "facial hair: none or the beard's style (in the hair colour)",
    [
        new(None, 0.76, null),
        new("light", 0.08, "beardLight"),
        new("medium", 0.08, "beardMedium"),
        new("majestic", 0.08, "beardMajestic"),
    ]);

    /// <summary>Hair colour (also the beard's).</summary>
    public static readonly AvatarFactor HairColor = new("hairColor", "colour of the hair and beard",
    [
        new("black", 0.20, "2c1b18"),
        new("darkBrown", 0.15, "4a312c"),
        new("brown", 0.15, "724133"),
        new("auburn", 0.10, "a55728"),
        new("blonde", 0.15, "d6b370"),
        new("red", 0.08, "c93305"),
        new("grey", 0.10, "e8e1e1"),
        new("pink", 0.07, "f59797"),
    ]);

    /// <summary>Hair style, fifteen styles drawn uniformly: seven short and eight long.</summary>
    public static readonly AvatarFactor Hair = new("hair", "hair style (see hairLength for short or long)",
        new[] { "shortFlat", "shortRound", "shortWaved", "shortCurly", "theCaesar", "sides", "frizzle" }
            .Concat(LongStyles)
            .Select(style => new AvatarFactorValue(style, 1.0 / 15, style)).ToArray());

    /// <summary>Skin tone, five tones drawn uniformly.</summary>
    public static readonly AvatarFactor SkinTone = new("skinTone", "skin tone",
    [
        new("pale", 0.2, "ffdbb4"),
        new("light", 0.2, "edb98a"),
        new("tanned", 0.2, "d08b5b"),
        new("brown", 0.2, "ae5d29"),
        new("dark", 0.2, "614335"),
    ]);

    /// <summary>Shirt colour, six colours drawn uniformly.</summary>
    public static readonly AvatarFactor ClothesColor = new("clothesColor", "colour of the crew-neck shirt",
    [
        new("charcoal", 1.0 / 6, "262e33"),
        new("blue", 1.0 / 6, "65c9ff"),
        new("navy", 1.0 / 6, "25557c"),
        new("red", 1.0 / 6, "ff5c5c"),
        new("mint", 1.0 / 6, "a7ffc4"),
        new("white", 1.0 / 6, "e6e6e6"),
    ]);

    /// <summary>Solid background colour, three pastels drawn uniformly.</summary>
    public static readonly AvatarFactor Background = new("background", "solid background colour",
    [
        new("sky", 1.0 / 3, "b6e3f4"),
        new("lavender", 1.0 / 3, "c0aede"),
        new("peach", 1.0 / 3, "ffdfbf"),
    ]);

    /// <summary>Every factor, in the order they are drawn for each face.</summary>
    public static IReadOnlyList<AvatarFactor> All { get; } = [Smile, Glasses, Beard, HairColor, Hair, SkinTone, ClothesColor, Background];

    /// <summary>The name of the attribute derived from <see cref="Hair"/>: <c>short</c> or <c>long</c>.</summary>
    public const string HairLength = "hairLength";

    private static string[] LongStyles => ["bob", "bun", "curly", "straight01", "straight02", "longButNotTooLong", "bigHair", "miaWallace"];

    /// <summary>The factor called <paramref name="name"/>; the error lists the factors.</summary>
    public static AvatarFactor Named(string name) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"'{name}' is not an avatar factor: expected one of {string.Join(", ", All.Select(f => f.Name))}.");

    /// <summary><c>short</c> or <c>long</c> for a hair style.</summary>
    public static string LengthOf(string hairStyle) => LongStyles.Contains(hairStyle) ? "long" : "short";

    /// <summary>
    /// The DiceBear avataaars options that draw exactly these factor values: every option is pinned to one value
    /// and absent parts have probability 0, so DiceBear's own seed has no influence.
    /// </summary>
    public static JsonObject ToDiceBearOptions(AvatarAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        string Option(AvatarFactor factor) => factor.Value(attributes[factor.Name]).DiceBear!;
        var glasses = Glasses.Value(attributes[Glasses.Name]).DiceBear;
        var beard = Beard.Value(attributes[Beard.Name]).DiceBear;
        var hairColor = Option(HairColor);
        return new JsonObject
        {
            ["seed"] = "gankit",
            ["mouth"] = new JsonArray(Option(Smile)),
            ["eyes"] = new JsonArray("default"),
            ["eyebrows"] = new JsonArray("defaultNatural"),
            ["nose"] = new JsonArray("default"),
            ["top"] = new JsonArray(Option(Hair)),
            ["topProbability"] = 100,
            ["hairColor"] = new JsonArray(hairColor),
            ["accessories"] = new JsonArray(glasses ?? "round"),
            ["accessoriesProbability"] = glasses is null ? 0 : 100,
            ["accessoriesColor"] = new JsonArray("262e33"),
            ["facialHair"] = new JsonArray(beard ?? "beardLight"),
            ["facialHairProbability"] = beard is null ? 0 : 100,
            ["facialHairColor"] = new JsonArray(hairColor),
            ["skinColor"] = new JsonArray(Option(SkinTone)),
            ["clothing"] = new JsonArray("shirtCrewNeck"),
            ["clothesColor"] = new JsonArray(Option(ClothesColor)),
            ["backgroundColor"] = new JsonArray(Option(Background)),
            ["backgroundType"] = new JsonArray("solid"),
            // Zoomed on the face: the head fills the frame and only the collar of the shirt shows.
            ["scale"] = 130,
            ["translateY"] = 8,
        };
    }
}
