using System.CommandLine;
using System.CommandLine.Help;
using GanKit.Cli.Commands;

// A root named "gankit" (a RootCommand would take the assembly's name, GanKit.Cli, for its usage line).
var root = new Command("gankit", "gankit: StyleGAN2-style GANs in .NET on libtorch")
{
    new HelpOption(),
    new VersionOption(),
    DemoCommand.Create(),
    GenerateCommand.Create(),
    StyleMixCommand.Create(),
    GameCommand.Create(),
    DirectionsCommand.Create(),
    ClassifierCommand.Create(),
    EditCommand.Create(),
    InterpolateCommand.Create(),
    ProjectCommand.Create(),
    ConvertCommand.Create(),
    NotebookCommand.Create(),
    InfoCommand.Create(),
    BenchCommand.Create(),
    DatasetCommand.Create(),
    TrainCommand.Create(),
    MetricsCommand.Create(),
};
return root.Parse(args).Invoke();
