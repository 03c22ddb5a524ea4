using System.CommandLine;
using GanKit.Cli.Commands;

var root = new RootCommand("gankit: StyleGAN2-style GANs in .NET on libtorch")
{
    InfoCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
