using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tollgate.Images.Model;

/// <summary>Parses manifest/index/config JSON with the source-generated context; malformed JSON names the document.</summary>
public static class OciJson
{
    public static T Parse<T>(byte[] json, JsonTypeInfo<T> typeInfo, string source, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new ImageException(source, $"{what} is JSON null");
        }
        catch (JsonException e)
        {
            throw new ImageException(source, $"{what} is malformed JSON ({e.Message})", e);
        }
    }

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
}
