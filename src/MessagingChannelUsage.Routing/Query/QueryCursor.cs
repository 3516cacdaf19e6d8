using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MessagingChannelUsage.Routing.Errors;

namespace MessagingChannelUsage.Routing.Query;

/// <summary>
/// The opaque queryMore cursor: base64url of [version 1 byte][position int32 LE][query UTF-8]
/// [first 8 bytes of SHA-256 over the rest]. It is stateless: the next page re-runs the query
/// and continues at the position, so it never expires, survives a restart and works on any
/// instance; the price is that writes between pages can shift rows across a page boundary
/// (Salesforce's server-side locator would not). The checksum catches corruption and casual
/// edits, not forgery, which would gain nothing: the cursor holds only what the caller could
/// send as a query anyway. Anything that does not decode → INVALID_QUERY_LOCATOR.
/// </summary>
internal static class QueryCursor
{
    private const byte Version = 1;
    private const int HeaderLength = 5;
    private const int TagLength = 8;

    /// <summary>
    /// The longest cursor this server issues: a query of <see cref="SoqlParser.MaxLength"/> UTF-16
    /// units is at most 3 UTF-8 bytes each, plus header and tag, in unpadded base64 (4 chars per 3 bytes).
    /// </summary>
    public const int MaxLength = (((HeaderLength + (3 * SoqlParser.MaxLength) + TagLength) * 4) + 2) / 3;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string soql, int position)
    {
        var text = StrictUtf8.GetBytes(soql);
        var bytes = new byte[HeaderLength + text.Length + TagLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), position);
        text.CopyTo(bytes, HeaderLength);
        Tag(bytes.AsSpan(0, HeaderLength + text.Length)).CopyTo(bytes.AsSpan(HeaderLength + text.Length));
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (string Soql, int Position) Decode(string cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            throw Invalid("the cursor is empty");
        }

        if (cursor.Length > MaxLength)
        {
            throw Invalid($"the cursor is {cursor.Length:N0} characters long, longer than any this server issues");
        }

        var bytes = FromBase64Url(cursor) ?? throw Invalid("the cursor is not base64url text");
        if (bytes.Length < HeaderLength + TagLength || bytes[0] != Version)
        {
            throw Invalid("the cursor is not one this server issued");
        }

        var body = bytes.AsSpan(0, bytes.Length - TagLength);
        if (!CryptographicOperations.FixedTimeEquals(Tag(body), bytes.AsSpan(bytes.Length - TagLength)))
        {
            throw Invalid("the cursor is damaged (checksum mismatch)");
        }

        var position = BinaryPrimitives.ReadInt32LittleEndian(body[1..]);
        if (position < 1)
        {
            throw Invalid("the cursor's position is out of range");
        }

        try
        {
            return (StrictUtf8.GetString(body[HeaderLength..]), position);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("the cursor's query text is not UTF-8");
        }
    }

    public static DomainException Invalid(string reason)
        => new(ErrorKind.InvalidArgument, ErrorCodes.InvalidQueryLocator, null, $"invalid query locator: {reason}");

    private static byte[] Tag(ReadOnlySpan<byte> body) => SHA256.HashData(body)[..TagLength];

    private static byte[]? FromBase64Url(string text)
    {
        var standard = new StringBuilder(text.Length + 3);
        foreach (var c in text)
        {
            if (c is '+' or '/' or '=')
            {
                return null;
            }

            standard.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        standard.Append('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[(standard.Length / 4 * 3) + 3];
        return Convert.TryFromBase64String(standard.ToString(), buffer, out var written) ? buffer[..written] : null;
    }
}
