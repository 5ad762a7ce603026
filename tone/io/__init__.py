"""Reading what users give tone: messages to score, labelled data, and chat exports."""
