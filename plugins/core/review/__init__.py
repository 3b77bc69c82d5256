"""The confidentiality review of a change (保密审查): what it publishes, withholds and trips."""
