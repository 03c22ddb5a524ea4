using System.CommandLine;

var root = new RootCommand("gankit: StyleGAN2-style GANs in .NET on libtorch");
return root.Parse(args).Invoke();
