using System.Text;
using Portal.Core.Common;

namespace Portal.Tests.Core.Common;

public sealed class Utf8TextTests
{
    [Theory]
    [InlineData(new byte[] { 0x7B, 0x7D }, -1)] // {}
    [InlineData(new byte[] { 0x22, 0xC3, 0xA9, 0x22 }, -1)] // "é"
    [InlineData(new byte[] { 0x22, 0xC3, 0x28, 0x22 }, 1)] // a lead byte without its continuation
    [InlineData(new byte[] { 0x22, 0x61, 0xFF }, 2)] // a byte UTF-8 never uses
    [InlineData(new byte[] { 0x22, 0xE2, 0x82 }, 1)] // a sequence cut off at the end
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // a UTF-16 surrogate encoded as UTF-8
    public void FirstInvalidByte_FindsTheOffset(byte[] bytes, int expected) =>
        Assert.Equal(expected, Utf8Text.FirstInvalidByte(bytes));

    [Fact]
    public void FirstInvalidByte_LongValidText_IsMinusOne() =>
        Assert.Equal(-1, Utf8Text.FirstInvalidByte(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("naïve café 😀 ", 500)))));
}
