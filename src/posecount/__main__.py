from posecount.cli.app import main

main()
