using System.CommandLine;
using GanKit.Cli.Commands;

var root = new RootCommand("gankit: StyleGAN2-style GANs in .NET on libtorch")
{
    DemoCommand.Create(),
    GenerateCommand.Create(),
    StyleMixCommand.Create(),
    ConvertCommand.Create(),
    NotebookCommand.Create(),
    InfoCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
