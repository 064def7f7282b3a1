using System.Data.Common;

namespace Tollgate.Service.Store;

/// <summary>
/// One open transaction: statements with @name parameters, written once for both engines. Parameter values are
/// normalised so both engines store them alike: DateTimeOffset → Unix milliseconds (BIGINT), bool → 0/1, null → NULL.
/// </summary>
public sealed class StoreTransaction(DbTransaction transaction, SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public long ScalarLong(string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(sql, parameters) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);

    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public T? QueryFirst<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
        where T : class => Query(sql, map, parameters).FirstOrDefault();

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Dialect.Apply(sql);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                DateTimeOffset at => at.ToUnixTimeMilliseconds(),
                bool flag => flag ? 1 : 0,
                _ => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>Reading the normalised values back.</summary>
public static class StoreReader
{
    public static string? NullableString(this DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public static DateTimeOffset Time(this DbDataReader reader, int column) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture));

    public static DateTimeOffset? NullableTime(this DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.Time(column);

    public static long Long(this DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    public static int Int(this DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
}
