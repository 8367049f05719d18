"""The data lake's test support: the service in this process on a lake in a temporary
folder, datasets declared as a steward would."""
