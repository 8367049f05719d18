"""Documents of the collectivity published for the public and the citizen chat: every
version kept, each publication and withdrawal announced on Kafka."""
