namespace GanKit.Training.Data;

/// <summary>How <see cref="DatasetBuilder"/> turns a source image into a square dataset image.</summary>
public enum DatasetTransform
{
    /// <summary>Take square images as they are, resized to the resolution if needed; other images are skipped.</summary>
    None,

    /// <summary>The largest central square, resized to the resolution (faces, animal heads).</summary>
    CenterCrop,

    /// <summary>
    /// The central 2:1 band, resized to the resolution's width and padded with black above and below to a square
    /// (wide subjects such as cars); images narrower than the resolution are skipped.
    /// </summary>
    CenterCropWide,
}
