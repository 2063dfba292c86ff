using Portal.Core.Datasets;
using Portal.Core.Training;

namespace Portal.Tests.Core.Datasets;

public sealed class TempFileSweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("portal-sweep-").FullName;
    private readonly string _other = Directory.CreateTempSubdirectory("portal-sweep-").FullName;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Fact]
    public void Sweep_OldAndNewLeftovers_DeletesOnlyTheOldOnes()
    {
        var oldUpload = Write(_folder, "upload.tmp-" + Guid.NewGuid().ToString("N"), 1000, TimeSpan.FromHours(2));
        var oldSpill = Write(_folder, Path.GetFileName(RowSpill.NewPath(_folder)), 600, TimeSpan.FromMinutes(61));
        var oldSystemUpload = Write(_other, "portal-upload.tmp-" + Guid.NewGuid().ToString("N"), 30, TimeSpan.FromDays(3));
        var newUpload = Write(_folder, "upload.tmp-" + Guid.NewGuid().ToString("N"), 10, TimeSpan.FromMinutes(59));
        var newSpill = Write(_other, Path.GetFileName(RowSpill.NewPath(_other)), 10, TimeSpan.Zero);
        // Old, but not the portal's: a dataset kept under its hash and someone else's temporary file.
        var dataset = Write(_folder, new string('a', 64) + ".csv", 10, TimeSpan.FromDays(30));
        var foreign = Write(_other, "upload.tmp", 10, TimeSpan.FromDays(30));

        var swept = TempFileSweep.Sweep([_folder, _other, _folder], _now);

        Assert.Equal(new TempFileSweepResult(3, 1630, 0), swept);
        Assert.All([oldUpload, oldSpill, oldSystemUpload], path => Assert.False(File.Exists(path), path));
        Assert.All([newUpload, newSpill, dataset, foreign], path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void Sweep_MissingFolder_DeletesNothing()
    {
        Assert.Equal(new TempFileSweepResult(0, 0, 0), TempFileSweep.Sweep([Path.Combine(_folder, "absent")], _now));
    }

    private string Write(string folder, string name, int bytes, TimeSpan age)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, (_now - age).UtcDateTime);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_other, recursive: true);
    }
}
