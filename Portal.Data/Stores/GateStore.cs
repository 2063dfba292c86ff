using Microsoft.EntityFrameworkCore;
using Portal.Core.Gates;
using Portal.Core.Serving;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class GateStore(IDbContextFactory<PortalDbContext> factory) : IGateStore
{
    public async Task<ModelGates?> GetAsync(string model, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == model).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null) return null;
        var g = await db.ModelGates.AsNoTracking().FirstOrDefaultAsync(x => x.ModelId == modelId, ct);
        return g is null
            ? ModelGates.Off
            : new ModelGates(g.MinAuc, g.MinF1ImprovementPct, g.MaxBrierDegradation, g.MinTestRows, g.RequireApproval)
            {
                UpdatedAt = g.UpdatedAt,
                UpdatedBy = g.UpdatedBy,
                InputRange = InputRangePolicies.TryParse(g.InputRange, out var policy) ? policy : InputRangePolicies.Default,
            };
    }

    public async Task<bool> SetAsync(string model, ModelGates gates, string by, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == model).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null) return false;
        var entity = await db.ModelGates.FirstOrDefaultAsync(x => x.ModelId == modelId, ct);
        if (entity is null)
        {
            entity = new ModelGatesEntity { ModelId = modelId.Value, UpdatedBy = by };
            db.ModelGates.Add(entity);
        }

        entity.MinAuc = gates.MinAuc;
        entity.MinF1ImprovementPct = gates.MinF1ImprovementPct;
        entity.MaxBrierDegradation = gates.MaxBrierDegradation;
        entity.MinTestRows = gates.MinTestRows;
        entity.RequireApproval = gates.RequireApproval;
        entity.InputRange = InputRangePolicies.Name(gates.InputRange);
        entity.UpdatedAt = at;
        entity.UpdatedBy = by;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task AddApprovalAsync(VersionApproval approval, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == approval.Model).Select(m => m.Id).FirstAsync(ct);
        db.VersionApprovals.Add(new VersionApprovalEntity { ModelId = modelId, Version = approval.Version, ApprovedBy = approval.ApprovedBy, Person = approval.Person, ViaKey = approval.ViaKey, At = approval.At, Reason = approval.Reason });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<VersionApproval>> ListApprovalsAsync(string model, int version, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var modelId = await db.Models.Where(m => m.Name == model).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null) return [];
        var rows = await db.VersionApprovals.AsNoTracking().Where(a => a.ModelId == modelId && a.Version == version).OrderBy(a => a.At).ToListAsync(ct);
        return rows.Select(a => new VersionApproval(model, a.Version, a.ApprovedBy, a.At, a.Reason, a.Person, a.ViaKey)).ToList();
    }
}
