from invest_tag.cli.app import main

main()
