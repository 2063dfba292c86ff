using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public class TrainerCatalogTests
{
    [Theory]
    [InlineData(TrainerKind.FastTree, "numberOfTrees,numberOfLeaves,minimumExampleCountPerLeaf,learningRate")]
    [InlineData(TrainerKind.LightGbm, "numberOfIterations,numberOfLeaves,minimumExampleCountPerLeaf,learningRate")]
    [InlineData(TrainerKind.FastForest, "numberOfTrees,numberOfLeaves,minimumExampleCountPerLeaf")]
    [InlineData(TrainerKind.LogisticRegression, "l1Regularization,l2Regularization,maximumNumberOfIterations")]
    public void Options_EachTrainer_ListsItsOptionsWithDefaultsInRange(TrainerKind trainer, string names)
    {
        var options = TrainerCatalog.Options(trainer);

        Assert.Equal(names.Split(','), options.Select(o => o.Name));
        Assert.All(options, o =>
        {
            Assert.InRange(o.Default, o.Min, o.Max);
            if (o.IsInteger) Assert.Equal(Math.Floor(o.Default), o.Default);
            Assert.False(string.IsNullOrWhiteSpace(o.Description));
        });
    }

    [Fact]
    public void Validate_UnknownOption_NamesTheFieldAndListsKnownOnes()
    {
        var errors = TrainerCatalog.Validate(TrainerKind.FastForest, new Dictionary<string, double> { ["learningRate"] = 0.1 });

        var message = Assert.Single(errors["options.learningRate"]);
        Assert.Contains("numberOfTrees", message);
    }

    [Theory]
    [InlineData("numberOfTrees", 0)]
    [InlineData("numberOfTrees", 2.5)]
    [InlineData("learningRate", 1.5)]
    [InlineData("learningRate", double.NaN)]
    public void Validate_BadValue_KeyedByOptionName(string name, double value)
    {
        var errors = TrainerCatalog.Validate(TrainerKind.FastTree, new Dictionary<string, double> { [name] = value });

        Assert.Equal(["options." + name], errors.Keys);
    }

    [Fact]
    public void Validate_ValuesInRange_NoErrors()
    {
        var errors = TrainerCatalog.Validate(TrainerKind.LogisticRegression,
            new Dictionary<string, double> { ["l1Regularization"] = 0.5, ["maximumNumberOfIterations"] = 50 });

        Assert.Empty(errors);
    }

    [Fact]
    public void Resolve_PartialOptions_FillsDefaults()
    {
        var resolved = TrainerCatalog.Resolve(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 7 });

        Assert.Equal(7, resolved["numberOfTrees"]);
        Assert.Equal(TrainerCatalog.Options(TrainerKind.FastTree).Single(o => o.Name == "learningRate").Default, resolved["learningRate"]);
    }
}
