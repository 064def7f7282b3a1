using System.Text.Json;

namespace Tollgate.Vulnerabilities.Database;

/// <summary>`db export`: every table as JSON arrays of row objects, streamed (the DB can be hundreds of MB).</summary>
public static class VulnDbExport
{
    private static readonly string[] Tables = ["meta", "sources", "vulnerabilities", "aliases", "affected", "cpes", "kev", "epss"];

    public static void Write(VulnDb db, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        foreach (var table in Tables)
        {
            json.WriteStartArray(table);
            using var reader = db.ReadTable(table);
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var name = reader.GetName(i);
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }

                    switch (reader.GetValue(i))
                    {
                        case double d:
                            json.WriteNumber(name, d);
                            break;
                        case long l:
                            json.WriteNumber(name, l);
                            break;
                        default:
                            json.WriteString(name, reader.GetString(i));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.Flush();
        }

        json.WriteEndObject();
    }
}
